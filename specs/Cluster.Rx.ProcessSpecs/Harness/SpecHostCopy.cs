using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>
/// A copy of the built SpecHost program (its whole output directory) somewhere else, so a spec controls the
/// permissions of the directories the program lives in, whatever those of the clone the specs were built in.
/// </summary>
internal static class SpecHostCopy
{
    /// <summary>
    /// Copies the SpecHost's output directory to <paramref name="directory"/> (created), every directory mode 0755
    /// and every file 0644 (0755 when executable), whatever the umask of the build; the copied
    /// <c>Cluster.Rx.SpecHost.dll</c>, to pass to <see cref="ClusterProcess.Start"/>.
    /// </summary>
    public static string Into(string directory)
    {
        var source = Path.GetDirectoryName(SpecHost.Path)!;
        Copy(source, directory);
        return Path.Combine(directory, Path.GetFileName(SpecHost.Path));
    }

    private static void Copy(string source, string target)
    {
        const FilePermissions Readable = FilePermissions.S_IRUSR | FilePermissions.S_IWUSR | FilePermissions.S_IRGRP | FilePermissions.S_IROTH;
        const FilePermissions Executable = FilePermissions.S_IXUSR | FilePermissions.S_IXGRP | FilePermissions.S_IXOTH;
        Directory.CreateDirectory(target);
        TempDirectory.Chmod(target, Readable | Executable);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            // Only regular files: a master killed with SIGKILL in that directory leaves its IPC socket behind.
            if (Syscall.stat(file, out var stat) != 0 || (stat.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFREG)
            {
                continue;
            }

            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy);
            var executable = (stat.st_mode & FilePermissions.S_IXUSR) != 0;
            TempDirectory.Chmod(copy, executable ? Readable | Executable : Readable);
        }

        foreach (var child in Directory.EnumerateDirectories(source))
        {
            Copy(child, Path.Combine(target, Path.GetFileName(child)));
        }
    }
}
