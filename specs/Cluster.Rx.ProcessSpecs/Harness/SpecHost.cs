using System.Reflection;
using System.Runtime.InteropServices;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>Where the SpecHost program and the <c>dotnet</c> host that runs it are.</summary>
internal static class SpecHost
{
    /// <summary>The built <c>Cluster.Rx.SpecHost.dll</c> (the path is compiled in by the project file).</summary>
    public static string Path { get; } = Locate();

    /// <summary>The <c>dotnet</c> host: the one running these specs when it can be told, else the one on PATH.</summary>
    public static string Dotnet { get; } = LocateDotnet();

    private static string Locate()
    {
        var path = typeof(SpecHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SpecHostPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The SpecHost program is not built at '{path}'. Build the specs project (it builds specs/Cluster.Rx.SpecHost first): dotnet build specs/Cluster.Rx.ProcessSpecs");
        }

        return path;
    }

    private static string LocateDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (Environment.ProcessPath is { } process && System.IO.Path.GetFileName(process) == "dotnet")
        {
            return process;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var dotnet = System.IO.Path.Combine(root, "dotnet");
        return File.Exists(dotnet) ? dotnet : "dotnet";
    }
}
