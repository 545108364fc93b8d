using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Xml.Linq;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Cluster.Rx.ProcessSpecs.Packaging;

/// <summary>
/// The NuGet packages, as a user gets them: <c>dotnet pack</c> of lib/, then a brand-new app that references
/// <c>Cluster.Rx.Http</c> alone, built and run as a cluster. Slow (a pack, a restore, two builds), so one spec.
/// </summary>
/// <remarks>
/// Nothing here touches the clone's own bin/ and obj/, which the solution build may be writing at the same time:
/// lib/ (without bin/ and obj/) and the root build files are copied into a temp directory and packed there. The
/// packages get a version suffix of their own, and the app restores into a package folder of its own (the machine's
/// folder serves the other packages, read-only), so no cache can hand it a stale copy and none keeps this one.
/// </remarks>
public sealed class PackagesSpecs(ITestOutputHelper output)
{
    private static readonly string[] PackageIds = ["Cluster.Rx", "Cluster.Rx.Hosting", "Cluster.Rx.Http"];

    // The build files of the repository root that a build of lib/ reads.
    private static readonly string[] RootBuildFiles =
        [".editorconfig", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config", "NuGet.config", "NuGet.Config"];

    // A pack or a build on a 2-core machine that is running other specs at the same time.
    private static readonly TimeSpan PackLimit = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(6);

    // The new app: its project and its Program.cs. It serves on 127.0.0.1:$PORT, the port the spec chose.
    private const string AppProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <NuGetAudit>false</NuGetAudit>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Cluster.Rx.Http" Version="VERSION" />
          </ItemGroup>
        </Project>
        """;

    private const string AppProgram = """
        using Cluster.Rx;
        using Cluster.Rx.Http;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        var port = int.Parse(Environment.GetEnvironmentVariable("PORT")!);
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/", () => "packaged");
        return await app.RunClusterAsync(m => m.Set("workers", 2).Listen(port, "127.0.0.1"));
        """;

    [Fact]
    public async Task Packages_NewAppReferencingHttpPackageAlone_BuildsServesAndStopsGracefully()
    {
        var clock = Stopwatch.StartNew();
        using var scratch = new TempDirectory();
        var source = scratch.Combine("src");
        var feed = scratch.Combine("feed");
        var app = scratch.Combine("app");

        // 1. Pack every project of lib/ from a copy of the repository's build inputs.
        CopyBuildInputs(RepositoryRoot(), source);
        var projects = Directory.GetFiles(Path.Combine(source, "lib"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        File.WriteAllText(
            Path.Combine(source, "packages.slnx"),
            $"<Solution>\n{string.Concat(projects.Select(p => $"  <Project Path=\"{Path.GetRelativePath(source, p)}\" />\n"))}</Solution>\n");
        var suffix = $"spec-{Guid.NewGuid():N}";
        await DotnetAsync(source, ["pack", "packages.slnx", "-c", "Release", "-o", feed, "--version-suffix", suffix], [], PackLimit);
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] packed");

        var version = AssertPackages(feed, suffix);

        // 2. A brand-new app on the Cluster.Rx.Http package alone.
        WriteApp(app, feed, version);
        await DotnetAsync(app, ["build", "-c", "Release"], new Dictionary<string, string> { ["NUGET_PACKAGES"] = scratch.Combine("packages") }, BuildLimit);
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] app built");

        // 3. It runs as a cluster of a master and 2 workers, serves, and stops gracefully on SIGQUIT.
        var port = FreePort();
        using var cluster = ClusterProcess.Start(
            [],
            new() { ["PORT"] = port.ToString(CultureInfo.InvariantCulture) },
            program: Path.Combine(app, "bin", "Release", "net10.0", "PackagedApp.dll"));
        using var client = Clients.Tcp(port);
        Assert.Equal("packaged", await FirstAnswerAsync(client, cluster));
        await Eventually.AssertAsync(
            () => cluster.LivePids.Count == 3,
            Limits.Line,
            () => $"expected the master and 2 workers, found pids {string.Join(", ", cluster.LivePids)}\n{cluster.Describe()}");
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] served by a master and 2 workers");

        cluster.SignalMaster(Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
        await Eventually.AssertAsync(
            () => cluster.LivePids.Count == 0,
            Limits.Exit,
            () => $"processes {string.Join(", ", cluster.LivePids)} outlived the master\n{cluster.Describe()}");
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] stopped");
    }

    /// <summary>
    /// Exactly the three packages, each with its README, its XML docs and a symbols package; Cluster.Rx.Http depends
    /// on the other two at the same version and on the ASP.NET Core shared framework. The version packed.
    /// </summary>
    private static string AssertPackages(string feed, string suffix)
    {
        var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var version = packages.Select(p => p!.Split('.', 3)).Where(p => p[0] == "Cluster" && char.IsAsciiDigit(p[2][0])).Select(p => p[2][..^".nupkg".Length]).FirstOrDefault();
        Assert.True(version is not null && version.EndsWith("-" + suffix, StringComparison.Ordinal), $"no package of version *-{suffix} in {string.Join(", ", packages)}");
        Assert.Equal(PackageIds.Select(id => $"{id}.{version}.nupkg"), packages);
        foreach (var id in PackageIds)
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{version}.snupkg")), $"no symbols package for {id}");
            using var package = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var expected in new[] { "README.md", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml" })
            {
                Assert.True(entries.Contains(expected), $"{id} lacks {expected}: {string.Join(", ", entries.Order())}");
            }

            if (id == "Cluster.Rx.Http")
            {
                using var nuspec = package.GetEntry($"{id}.nuspec")!.Open();
                var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
                var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
                    .Select(e => $"{e.Attribute("id")?.Value} {e.Attribute("version")?.Value}").Order(StringComparer.Ordinal);
                Assert.Equal([$"Cluster.Rx {version}", $"Cluster.Rx.Hosting {version}"], dependencies);
                Assert.Contains(
                    "Microsoft.AspNetCore.App",
                    metadata.Descendants().Where(e => e.Name.LocalName == "frameworkReference").Select(e => e.Attribute("name")?.Value));
            }
        }

        return version;
    }

    /// <summary>The app: its project, its Program.cs, a nuget.config and empty build files that keep out those of any directory above it.</summary>
    private static void WriteApp(string app, string feed, string version)
    {
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "PackagedApp.csproj"), AppProject.Replace("VERSION", version, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(app, "Program.cs"), AppProgram);
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(app, name), "<Project />\n");
        }

        // The packages just packed as a source, beside the machine's own (its user-wide NuGet.Config, not cleared);
        // the machine's package folder, read-only, for the packages it already holds.
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fallback = Directory.Exists(machinePackages)
            ? new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", machinePackages)))
            : null;
        new XDocument(
            new XElement(
                "configuration",
                new XElement("packageSources", new XElement("add", new XAttribute("key", "cluster-rx-spec"), new XAttribute("value", feed))),
                fallback))
            .Save(Path.Combine(app, "nuget.config"));
    }

    /// <summary>Runs the <c>dotnet</c> that runs these specs: one build node, no build server left behind.</summary>
    private static Task<string> DotnetAsync(string directory, string[] arguments, Dictionary<string, string> environment, TimeSpan limit)
    {
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return Command.RunAsync(SpecHost.Dotnet, [.. arguments, "--disable-build-servers", "-m:1", "-v:minimal"], directory, environment, limit);
    }

    /// <summary>The first answer to GET / once the cluster listens; fails the spec if none comes in time or the master exits.</summary>
    private static async Task<string> FirstAnswerAsync(HttpClient client, ClusterProcess cluster)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < Limits.Line && !cluster.HasExited)
        {
            try
            {
                var reply = await client.FetchAsync("/");
                Assert.True(reply.Status == HttpStatusCode.OK, $"GET / answered {reply.Status}: {reply.Body}\n{cluster.Describe()}");
                return reply.Body;
            }
            catch (HttpRequestException e)
            {
                // Not listening yet.
                last = e;
            }

            await Task.Delay(Limits.Poll);
        }

        Assert.Fail($"no answer to GET / within {Limits.Line.TotalSeconds:0} s (last: {last?.Message})\n{cluster.Describe()}");
        return string.Empty;
    }

    /// <summary>A TCP port free on 127.0.0.1 a moment ago (the app is given a port, as a deployment would give it).</summary>
    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static string RepositoryRoot()
    {
        var root = typeof(PackagesSpecs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        Assert.True(root is not null && Directory.Exists(Path.Combine(root, "lib")), $"the repository root is not recorded, or has no lib/: '{root}'");
        return root;
    }

    /// <summary>Copies lib/ (without bin/ and obj/) and the root's build files from <paramref name="root"/> into <paramref name="target"/>.</summary>
    private static void CopyBuildInputs(string root, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var name in RootBuildFiles.Where(n => File.Exists(Path.Combine(root, n))))
        {
            File.Copy(Path.Combine(root, name), Path.Combine(target, name));
        }

        CopyTree(Path.Combine(root, "lib"), Path.Combine(target, "lib"));
    }

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyTree(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}
