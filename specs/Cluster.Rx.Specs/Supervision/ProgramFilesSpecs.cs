using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Supervision;

public sealed class ProgramFilesSpecs : IDisposable
{
    private readonly PermissionTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void From_AProgram_EntryAssemblyFirstThenItsDirectoryThenRuntimeThenExecutableThenWorkingDirectory()
    {
        var app = _tree.AddDirectory("app", "0755");
        var entry = _tree.AddFile("app/App.dll", "0644");
        var library = _tree.AddFile("app/Lib.dll", "0644");
        var settings = _tree.AddFile("app/appsettings.json", "0644");
        _tree.AddFile("app/App.pdb", "0644");
        _tree.AddFile("app/readme.txt", "0644");
        var runtime = _tree.AddDirectory("runtime", "0755");
        var framework = _tree.AddFile("runtime/System.Runtime.dll", "0644");
        var executable = _tree.AddFile("runtime/dotnet", "0755");
        var work = _tree.AddDirectory("work", "0755");

        var requirements = ProgramFiles.From(app, entry, $"{entry}:{framework}:", executable, $"{runtime}/:", work);

        Assert.Equal(
            [
                (entry, Permission.Read, "the program's entry assembly"),
                (library, Permission.Read, "a file of the program's directory"),
                (settings, Permission.Read, "a file of the program's directory"),
                (framework, Permission.Read, "an assembly the runtime loads"),
                (executable, Permission.Read, "the executable that starts the workers"),
                (runtime + "/", Permission.Search, "a directory the runtime loads native libraries from"),
                (work, Permission.Search, "the working directory"),
            ],
            requirements.Select(r => (r.Path, r.Needed, r.What)));
    }

    [Fact]
    public void From_WorkingDirectory_SaysToChooseAnotherOne()
    {
        var app = _tree.AddDirectory("app", "0755");

        var requirements = ProgramFiles.From(app, null, null, null, null, app);

        Assert.Equal("or set 'working directory' to a directory that user can enter", Assert.Single(requirements).Otherwise);
    }

    [Fact]
    public void Current_ThisProcess_HasTheRunningExecutableAndTheRuntimesAssemblies()
    {
        var requirements = ProgramFiles.Current(_tree.Root);

        Assert.Contains(requirements, r => r.Path == Environment.ProcessPath && r.Needed == Permission.Read);
        Assert.Contains(requirements, r => r.Path == typeof(object).Assembly.Location && r.Needed == Permission.Read);
        Assert.Equal((_tree.Root, Permission.Search), (requirements[^1].Path, requirements[^1].Needed));
    }

    [Fact]
    public void Current_ThisProcess_StartsWithTheEntryAssemblyWhereAssemblyLocationIsIt()
    {
        var requirements = ProgramFiles.Current(_tree.Root);

        Assert.Equal(
            (System.Reflection.Assembly.GetEntryAssembly()!.Location, Permission.Read, "the program's entry assembly"),
            (requirements[0].Path, requirements[0].Needed, requirements[0].What));
    }
}
