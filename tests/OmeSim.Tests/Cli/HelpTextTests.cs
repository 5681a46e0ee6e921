using System.CommandLine;
using OmeSim.Cli;

namespace OmeSim.Tests.Cli;

/// <summary>
/// Each command's --help, as a user reads it (under a root command, as Program builds them): System.CommandLine prints
/// "[default: X]" itself, so no description says it too.
/// </summary>
public class HelpTextTests
{
    public static TheoryData<string> Commands => ["serve", "check", "health", "provision", "ca"];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_states_each_default_once(string name)
    {
        var command = Create(name);
        var helps = new List<string> { Help(command, []) };
        helps.AddRange(command.Subcommands.Select(s => Help(command, [s.Name])));

        foreach (var line in helps.SelectMany(h => h.Split('\n')))
        {
            Assert.False(line.Contains("(default", StringComparison.Ordinal) && line.Contains("[default:", StringComparison.Ordinal),
                $"'{name} --help' states a default twice: {line.Trim()}");
        }
        Assert.Contains("Usage:", helps[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Provision_help_names_the_good_profile_as_its_default()
    {
        var help = Help(ControlCommands.Provision(), []);

        Assert.Contains("The test CA profile to sign with. [default: good]", help, StringComparison.Ordinal);
    }

    private static Command Create(string name) => name switch
    {
        "serve" => ServeCommand.Create(),
        "check" => CheckCommand.Create(),
        "health" => ControlCommands.Health(),
        "provision" => ControlCommands.Provision(),
        _ => ControlCommands.Ca(),
    };

    private static string Help(Command command, string[] path)
    {
        var output = new StringWriter();
        var root = new RootCommand { command };
        var exit = root.Parse([command.Name, .. path, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        Assert.Equal(0, exit);
        return output.ToString();
    }
}
