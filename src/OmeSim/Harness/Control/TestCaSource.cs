using OmeSim.Core.Pki;

namespace OmeSim.Harness.Control;

/// <summary>The test CA, made or loaded on first use: on the control plane's requests, never on an appliance's.</summary>
public sealed class TestCaSource(Func<TestCa> make) : IDisposable
{
    private readonly Lazy<TestCa> _ca = new(make);

    public TestCa Ca => _ca.Value;

    /// <summary>Disposes the CA if it was made here (a CA handed in by a test stays the test's).</summary>
    public bool OwnsCa { get; init; } = true;

    public void Dispose()
    {
        if (OwnsCa && _ca.IsValueCreated)
        {
            _ca.Value.Dispose();
        }
    }
}
