namespace OmeSim.Core.Certificates;

/// <summary>One requirement of the article, how the file fared, and how to fix it in the article's words.</summary>
public sealed record RuleResult(string Id, string Requirement, RuleOutcome Outcome, string Detail, string Fix);
