using Cluster.Rx.Interop;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Interop;

public sealed class ProcessProbeSpecs
{
    [Fact]
    public void StartTime_OfThisProcess_IsWhatTheRuntimeNamedItsDiagnosticSocketBy()
    {
        var started = ProcessProbe.StartTime(Environment.ProcessId);

        Assert.NotNull(started);
        // This test host is a .NET process with diagnostics on (the default): its socket is in the temp directory.
        Assert.True(
            File.Exists(DiagnosticFiles.Names(Environment.ProcessId, started.Value, Path.GetTempPath())[0]),
            $"no dotnet-diagnostic-{Environment.ProcessId}-{started}-socket in {Path.GetTempPath()}");
    }

    [Fact]
    public void StartTime_OfNoProcess_IsNull() =>
        Assert.Null(ProcessProbe.StartTime(int.MaxValue));

    [Fact]
    public void DiagnosticFiles_AreNamedByPidAndStartTime() =>
        Assert.Equal(
            ["/tmp/dotnet-diagnostic-4242-1119032-socket", "/tmp/clr-debug-pipe-4242-1119032-in", "/tmp/clr-debug-pipe-4242-1119032-out"],
            DiagnosticFiles.Names(4242, 1119032, "/tmp/"));
}
