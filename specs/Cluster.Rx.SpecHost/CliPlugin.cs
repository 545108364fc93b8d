namespace Cluster.Rx.SpecHost;

/// <summary>
/// The command-line plugin a spec asks for: <c>CLI=1</c> uses <see cref="Plugins.Cli"/> (it needs <c>PIDFILES_PATH</c>)
/// and defines <c>--hello, hello</c>, which prints <c>hello ARGS</c> (the program's arguments) and exits with 5. The
/// scenario is the first argument, so the command comes after it: <c>http status</c>.
/// </summary>
internal static class CliPlugin
{
    public static void UseCli(Master master)
    {
        if (Environment.GetEnvironmentVariable("CLI") != "1")
        {
            return;
        }

        Cli.Define(
            "--hello, hello",
            run =>
            {
                Output.Line($"hello {string.Join(' ', run.Arguments)}");
                return 5;
            },
            "print the program's arguments (exit code 5)");
        master.Use(Plugins.Cli());
    }
}
