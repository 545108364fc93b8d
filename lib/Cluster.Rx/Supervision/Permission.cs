namespace Cluster.Rx.Supervision;

/// <summary>What a worker needs of a path; the value is the permission bit that grants it in each class (rwx).</summary>
internal enum Permission
{
    /// <summary>Passing through a directory to reach what is inside (its x bit).</summary>
    Search = 1,

    /// <summary>Reading a file, such as an assembly to load (its r bit).</summary>
    Read = 4,
}
