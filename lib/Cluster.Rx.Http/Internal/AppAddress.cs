using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// Where a <see cref="WebApplication"/> would listen, as the master's one address: <c>Kestrel:Endpoints</c>, else
/// <c>app.Urls</c>, else <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), else <c>http_ports</c>
/// (<c>ASPNETCORE_HTTP_PORTS</c>, as container images set), else Kestrel's default <c>http://localhost:5000</c>.
/// </summary>
internal static class AppAddress
{
    /// <summary>Kestrel's address when nothing names one.</summary>
    public const string KestrelDefault = "http://localhost:5000";

    /// <summary>Declares on <paramref name="master"/> the address <paramref name="app"/> would listen on.</summary>
    /// <exception cref="ClusterException">The app would listen on HTTPS, or on more than one endpoint.</exception>
    public static void Listen(Master master, WebApplication app)
    {
        var (url, source) = Of(app.Configuration, app.Urls);
        var address = Parse(url, source);
        if (address.IsUnixPipe)
        {
            master.Listen(address.UnixPipePath);
            return;
        }

        var host = address.Host.Trim('[', ']');
        if (host is "*" or "+" or "0.0.0.0")
        {
            master.Listen(address.Port);
        }
        else
        {
            master.Listen(address.Port, host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : host);
        }
    }

    /// <summary>The one address the app names, and where it is named.</summary>
    /// <exception cref="ClusterException">It names more than one.</exception>
    internal static (string Url, string Source) Of(IConfiguration configuration, ICollection<string> appUrls)
    {
        var (urls, source) = Named(configuration, appUrls).First(named => named.Urls.Count > 0);
        if (urls.Count > 1)
        {
            throw new ClusterException(
                $"{source} names {urls.Count} endpoints ({string.Join(", ", urls.Select(u => $"'{u}'"))}); a cluster serves one: keep one http:// address (for example --urls http://127.0.0.1:5000), or call Listen(port) in RunClusterAsync's configure");
        }

        return (urls[0], source);
    }

    /// <summary>What names the app's addresses, in ASP.NET Core's order of precedence; Kestrel's default last.</summary>
    private static IEnumerable<(List<string> Urls, string Source)> Named(IConfiguration configuration, ICollection<string> appUrls)
    {
        yield return (configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? string.Empty).ToList(), "Kestrel:Endpoints");
        yield return (appUrls.ToList(), "app.Urls");
        yield return (Split(configuration[WebHostDefaults.ServerUrlsKey]), "urls (--urls, ASPNETCORE_URLS)");
        yield return (Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}").ToList(), "https_ports (ASPNETCORE_HTTPS_PORTS)");
        yield return (Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}").ToList(), "http_ports (ASPNETCORE_HTTP_PORTS)");
        yield return ([KestrelDefault], "Kestrel's default");
    }

    private static BindingAddress Parse(string url, string source)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException e)
        {
            throw new ClusterException($"{source} names '{url}', which is not an address: {e.Message}", e);
        }

        if (!address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            throw new ClusterException(
                $"{source} names '{url}': a cluster serves plain HTTP on the socket the master shares; terminate TLS in front of it (a reverse proxy or load balancer) and give an http:// address, or call Listen(port) in RunClusterAsync's configure");
        }

        if (address.PathBase.Length > 0)
        {
            throw new ClusterException($"{source} names '{url}' with a path ('{address.PathBase}'); give the address alone and use app.UsePathBase for the path");
        }

        return address;
    }

    private static List<string> Split(string? list) =>
        (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
