using Cluster.Rx.Http.Internal;
using Microsoft.Extensions.Configuration;

namespace Cluster.Rx.Http.Specs.Internal;

public sealed class AppAddressSpecs
{
    [Fact]
    public void Of_NothingNamed_IsKestrelsDefault() =>
        Assert.Equal(("http://localhost:5000", "Kestrel's default"), AppAddress.Of(Configuration(), []));

    [Fact]
    public void Of_Urls_WinsOverHttpPorts() =>
        Assert.Equal(
            ("http://127.0.0.1:8080", "urls (--urls, ASPNETCORE_URLS)"),
            AppAddress.Of(Configuration(("urls", " http://127.0.0.1:8080 ; "), ("http_ports", "9090")), []));

    [Fact]
    public void Of_HttpPorts_AsAContainerImageSetsIt_IsEveryAddressOnThatPort() =>
        Assert.Equal(("http://*:8080", "http_ports (ASPNETCORE_HTTP_PORTS)"), AppAddress.Of(Configuration(("http_ports", "8080")), []));

    [Fact]
    public void Of_AppUrls_WinOverConfiguredUrls() =>
        Assert.Equal(("http://127.0.0.1:7000", "app.Urls"), AppAddress.Of(Configuration(("urls", "http://127.0.0.1:8080")), ["http://127.0.0.1:7000"]));

    [Fact]
    public void Of_KestrelEndpoints_WinOverEverything() =>
        Assert.Equal(
            ("http://127.0.0.1:6000", "Kestrel:Endpoints"),
            AppAddress.Of(Configuration(("Kestrel:Endpoints:Main:Url", "http://127.0.0.1:6000"), ("urls", "http://127.0.0.1:8080")), ["http://127.0.0.1:7000"]));

    [Fact]
    public void Of_TwoEndpoints_IsAnErrorNamingThemAndTheWayOut()
    {
        var error = Assert.Throws<ClusterException>(() => AppAddress.Of(Configuration(("urls", "http://localhost:5000;https://localhost:5001")), []));

        Assert.Equal(
            "urls (--urls, ASPNETCORE_URLS) names 2 endpoints ('http://localhost:5000', 'https://localhost:5001'); a cluster serves one: keep one http:// address (for example --urls http://127.0.0.1:5000), or call Listen(port) in RunClusterAsync's configure",
            error.Message);
    }

    [Fact]
    public void Of_HttpsPorts_AreNamedSoThatListenRefusesThem() =>
        Assert.Equal(("https://*:8443", "https_ports (ASPNETCORE_HTTPS_PORTS)"), AppAddress.Of(Configuration(("https_ports", "8443")), []));

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
