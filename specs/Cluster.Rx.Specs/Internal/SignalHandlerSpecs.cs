using System.Diagnostics;
using System.Text;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Specs.Internal;

public sealed class SignalHandlerSpecs
{
    private const string Status = "Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\nSigQ:\t0/95735\nSigPnd:\t0000000000000000\n" +
        "ShdPnd:\t0000000000000000\nSigBlk:\t0000000000010000\nSigIgn:\t0000000000000006\nSigCgt:\t0000000000010000\nCapInh:\t0000000000000000\n";

    [Fact]
    public void IgnoredMask_IsTheSigIgnLine_AsHex()
    {
        // 6: bits 1 and 2, SIGINT (2) and SIGQUIT (3), as a non-interactive shell starts a background job.
        Assert.Equal(0x6UL, SignalHandler.IgnoredMask(Encoding.ASCII.GetBytes(Status)));
        Assert.Equal(0x8000000000001000UL, SignalHandler.IgnoredMask("Name:\tx\nSigIgn:\t8000000000001000"u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Name:\tx\nSigBlk:\t0000000000000006\n")]
    [InlineData("Name:\tx\nSigIgn:\tnot hex\n")]
    public void IgnoredMask_WithoutAReadableSigIgnLine_IsNone(string status) =>
        Assert.Equal(0UL, SignalHandler.IgnoredMask(Encoding.ASCII.GetBytes(status)));

    [Fact]
    public async Task IgnoredMask_OfAShellThatIgnoresSignals_IsWhatTheKernelSays()
    {
        var shell = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add("trap '' INT QUIT USR2; exec cat /proc/self/status");
        using var process = Process.Start(shell)!;
        string status;
        try
        {
            status = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
        }

        var mask = SignalHandler.IgnoredMask(Encoding.ASCII.GetBytes(status));

        // SIGINT (2), SIGQUIT (3) and SIGUSR2 (12) are ignored; SIGTERM (15) is not.
        const ulong watched = (1UL << 1) | (1UL << 2) | (1UL << 11) | (1UL << 14);
        Assert.Equal((1UL << 1) | (1UL << 2) | (1UL << 11), mask & watched);
    }
}
