using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Text.Json.Serialization;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// A plugin that exercises every part of the seam, when <c>SEAM_PLUGIN</c> is set: <c>1</c> uses it, <c>fail</c>
/// makes it throw while it attaches, <c>answer</c> makes it answer Run with exit code 42 (printing <c>answered ARGS</c>)
/// when the program's arguments include <c>--answer</c>. The master prints:
/// <c>output ID Stdout|Stderr LINE</c> for every line a worker writes (the lines also pass through),
/// <c>message ID TEXT</c> for every channel message from a worker (and answers it with <c>echo TEXT</c>),
/// <c>signal SIGUSR1</c> on SIGUSR1 (and asks every worker to <c>report</c>). Each worker sends <c>hello ID</c> when it
/// attaches, answers <c>report</c> with <c>requests N</c> (its server's count), and prints any other message it gets
/// as <c>worker ID got TEXT</c> on stdout and <c>worker ID complains TEXT</c> on stderr. Once the first worker connects the plugin throws on the master's loop.
/// </summary>
internal static class SeamPlugin
{
    public static void Apply(Master master)
    {
        switch (Environment.GetEnvironmentVariable("SEAM_PLUGIN"))
        {
            case "1":
                master.Use(Create());
                break;
            case "fail":
                master.Use(Plugin.Create("seam", _ => throw new IOException("spec host: the seam plugin cannot start")));
                break;
            case "answer":
                master.Use(Create().AnswersRun(run => run.Arguments.Contains("--answer") ? Answer(run) : null));
                break;
        }
    }

    private static Task<int> Answer(PluginRun run)
    {
        Output.Line($"answered {string.Join(' ', run.Arguments)}");
        return Task.FromResult(42);
    }

    private static Plugin Create() => Plugin.Create("seam", AttachInMaster).InWorkers(AttachInWorker);

    private static IDisposable AttachInMaster(IPluginContext context)
    {
        var channel = context.Channel("seam", SeamJson.Default.SeamMessage);
        return new CompositeDisposable(
            context.Output.Subscribe(o => Output.Line($"output {o.Worker.Id} {o.Kind} {o.Line}")),
            channel.Received.Subscribe(m =>
            {
                Output.Line($"message {m.From.Id} {m.Message.Text}");
                channel.Send(m.From.Id, new SeamMessage($"echo {m.Message.Text}"));
            }),
            context.Signals(Signal.SIGUSR1).Subscribe(s =>
            {
                Output.Line($"signal {s}");
                channel.Broadcast(new SeamMessage("report"));
            }),
            context.Events.OfType<WorkerConnected>().Take(1).Subscribe(_ =>
                context.Scheduler.Schedule(() => throw new InvalidOperationException("spec host: the seam plugin's bug"))));
    }

    private static IDisposable AttachInWorker(IWorkerPluginContext context)
    {
        var channel = context.Channel("seam", SeamJson.Default.SeamMessage);
        var subscription = channel.Received.Subscribe(m =>
        {
            if (m.Text == "report")
            {
                channel.Send(new SeamMessage($"requests {context.Activity.Requests}"));
            }
            else
            {
                Output.Line($"worker {context.WorkerId} got {m.Text}");
                Console.Error.Write($"worker {context.WorkerId} complains {m.Text}\n");
            }
        });
        channel.Send(new SeamMessage($"hello {context.WorkerId}"));
        return subscription;
    }
}

/// <summary>The seam plugin's channel message.</summary>
internal sealed record SeamMessage(string Text);

[JsonSerializable(typeof(SeamMessage))]
internal sealed partial class SeamJson : JsonSerializerContext;
