using System.Globalization;

namespace Cluster.Rx.SpecHost;

/// <summary><c>CODE_STANDBY</c>: <c>Set("standby", n)</c>, n ready standby workers behind the serving ones.</summary>
internal static class StandbySettings
{
    public static void Apply(Master master)
    {
        if (Environment.GetEnvironmentVariable("CODE_STANDBY") is { Length: > 0 } standby)
        {
            master.Set("standby", int.Parse(standby, NumberStyles.Integer, CultureInfo.InvariantCulture));
        }
    }
}
