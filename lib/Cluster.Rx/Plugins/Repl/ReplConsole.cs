using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;

namespace Cluster.Rx;

/// <summary>
/// What the console makes of one line: parses it, finds the command — a built-in, else a plugin's
/// (<see cref="IPluginContext.Commands"/>), else one given to <see cref="Repl.Define(string, Func{CommandCall, object}, string)"/> — runs it on
/// the master's event loop and writes its answer, or one clear error line. Thread-safe: every session uses the same.
/// </summary>
internal sealed class ReplConsole
{
    // Commands that come with a plugin, for a clearer answer when that plugin is not used.
    private static readonly Dictionary<string, string> PluginCommands = new(StringComparer.Ordinal) { ["stats"] = "Plugins.Stats()" };

    private readonly IPluginContext _context;
    private readonly IScheduler _scheduler;
    private readonly CommandRegistry _defined;
    private readonly IReadOnlyList<ClusterCommand> _builtins;

    /// <summary>A console over <paramref name="context"/>.</summary>
    /// <param name="context">The master the commands act on.</param>
    /// <param name="scheduler">Where commands run; defaults to the context's (the master's event loop).</param>
    /// <param name="defined">The commands given to <c>Repl.Define</c>; defaults to theirs.</param>
    public ReplConsole(IPluginContext context, IScheduler? scheduler = null, CommandRegistry? defined = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _scheduler = scheduler ?? context.Scheduler;
        _defined = defined ?? Repl.Commands;
        _builtins = ReplBuiltins.Create(() => Commands);
    }

    /// <summary>Every command, each name once, in the order it is looked up: the built-ins, the plugins', the defined ones (by name).</summary>
    public IReadOnlyList<ClusterCommand> Commands
    {
        get
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            return [.. _builtins.Concat(_context.Commands.Commands).Concat(_defined.Commands).Where(c => names.Add(c.Name))];
        }
    }

    /// <summary>The command named <paramref name="name"/>, or null.</summary>
    public ClusterCommand? Find(string name) =>
        _builtins.FirstOrDefault(c => c.Name == name) ?? _context.Commands.Find(name) ?? _defined.Find(name);

    /// <summary>Runs <paramref name="line"/> and returns what to write back (without the prompt): empty for an empty line.</summary>
    /// <param name="line">One line, without its line ending.</param>
    /// <param name="gone">Cancelled when the client has gone; the command sees it as <see cref="CommandCall.Cancellation"/>.</param>
    /// <param name="abandon">Cancelled when nobody waits for the answer any more (the session is closed): stops waiting, not the command.</param>
    /// <exception cref="OperationCanceledException"><paramref name="abandon"/> was cancelled before the command answered.</exception>
    public async Task<string> EvaluateAsync(string line, CancellationToken gone = default, CancellationToken abandon = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        ReplRequest? request;
        try
        {
            request = ReplSyntax.Parse(line);
        }
        catch (ReplSyntaxException e)
        {
            return ReplReply.Error(e.Message, e.Json);
        }

        if (request is null)
        {
            return string.Empty;
        }

        if (Find(request.Name) is not { } command)
        {
            return ReplReply.Error(Unknown(request.Name), request.Json);
        }

        try
        {
            var result = await RunAsync(command, new CommandCall(_context, request.Arguments, gone), abandon).ConfigureAwait(false);
            return ReplReply.Answer(CommandAnswer.From(result), request.Json);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return ReplReply.Error($"{command.Usage}: {MessageOf(e)}", request.Json);
        }
        catch (Exception e)
        {
            return ReplReply.Error($"{command.Usage} failed: {e.GetType().Name}: {e.Message}", request.Json);
        }
    }

    /// <summary>Runs the command on the scheduler (a synchronous exception becomes the task's).</summary>
    private Task<object?> RunAsync(ClusterCommand command, CommandCall call, CancellationToken abandon) =>
        Observable.FromAsync(() => command.Run(call)).SubscribeOn(_scheduler).ToTask(abandon);

    private static string Unknown(string name) => PluginCommands.TryGetValue(name, out var plugin)
        ? $"unknown command '{name}': it comes with {plugin}, which this cluster does not use; help() lists the commands"
        : $"unknown command '{name}'; help() lists the commands";

    /// <summary>An exception's message without the " (Parameter 'x')" that <see cref="ArgumentException"/> adds.</summary>
    private static string MessageOf(Exception e)
    {
        var message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            var at = message.IndexOf(suffix, StringComparison.Ordinal);
            message = at < 0 ? message : message.Remove(at, suffix.Length);
        }

        return message;
    }
}
