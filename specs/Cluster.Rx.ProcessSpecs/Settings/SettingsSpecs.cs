namespace Cluster.Rx.ProcessSpecs.Settings;

/// <summary>Settings are checked where they are set, in the program itself: no process needed.</summary>
public sealed class SettingsSpecs
{
    private static readonly string[] ValidKeys =
        ["workers", "working directory", "backlog", "socket path", "timeout", "title", "worker title", "user", "group"];

    [Fact]
    public void Set_UnknownKey_ThrowsArgumentExceptionListingValidKeys()
    {
        var master = Rx.Master.Create();

        var error = Assert.Throws<ArgumentException>(() => master.Set("wrokers", 2));

        Assert.Contains("'wrokers'", error.Message);
        Assert.All(ValidKeys, key => Assert.Contains($"'{key}'", error.Message));
    }

    [Fact]
    public void Set_ValueOfWrongType_ThrowsArgumentExceptionNamingTheKey()
    {
        var master = Rx.Master.Create();

        var error = Assert.Throws<ArgumentException>(() => master.Set("workers", "two"));

        Assert.Contains("'workers'", error.Message);
        Assert.Contains("\"two\"", error.Message);
    }
}
