// The program every process spec runs. The first argument picks the scenario; the master prints its events as
// machine-readable lines on stdout (see EventLines) and the workers, started by the master from this same command
// line, serve the scenario's app. Settings come from environment variables (see Scenarios.Usage).
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Cluster.Rx;
using Cluster.Rx.SpecHost;

// The specs drive the restart scenario with SIGHUP and SIGUSR1; a spec run started under nohup (or by a service
// manager) has SIGHUP ignored, and .NET installs no handler for a signal ignored when its signal handling starts.
Restarts.ClaimSignals();

if (args.Length > 0 && HostedApps.Handles(args[0]))
{
    return await HostedApps.RunAsync(args);
}

if (args.Length == 0 || !Scenarios.IsKnown(args[0]))
{
    Console.Error.WriteLine(Scenarios.Usage);
    return 2;
}

var master = Scenarios.Create(args);
if (master.IsMaster)
{
    if (Environment.GetEnvironmentVariable("THROWING_SUBSCRIBER") == "1")
    {
        // Subscribed first, so that a subject that stops at a throwing observer would starve everything after them.
        master.WorkerConnected.Subscribe(_ => throw new InvalidOperationException("spec host: a subscriber that throws"));
        master.Events.Subscribe(_ => throw new InvalidOperationException("spec host: a subscriber to Events that throws"));
    }

    if (Environment.GetEnvironmentVariable("LOOP_FAULT") == "1")
    {
        // A bug in the master: an exception on its event loop once the first worker serves.
        master.WorkerConnected.Take(1).Subscribe(_ => master.Scheduler.Schedule(() => throw new InvalidOperationException("spec host: a bug on the master's loop")));
    }

    Restarts.Attach(master, handleSignals: args[0] == "restart");
    EventLines.Attach(master);
    ParentWatch.Start(master);
}
else if (args[0] == "abstract")
{
    return await Jobs.RunAsync(master);
}

return await master.RunAsync();
