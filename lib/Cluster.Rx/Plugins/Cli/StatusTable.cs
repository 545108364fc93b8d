using System.Globalization;

namespace Cluster.Rx;

/// <summary>The <c>status</c> table: a header and one aligned line per pid file (name, pid, alive or dead).</summary>
internal static class StatusTable
{
    private const string Gap = "  ";
    private const int Green = 32;
    private const int Red = 31;

    /// <summary>
    /// The lines of the table, columns aligned on the widest cell and two spaces apart, no trailing spaces; the
    /// status painted green (alive) or red (dead) by <paramref name="paint"/> (which may leave it as it is).
    /// </summary>
    public static IReadOnlyList<string> Render(IReadOnlyList<StatusRow> rows, Func<string, int, string> paint)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(paint);
        string[][] cells =
        [
            ["NAME", "PID", "STATUS"],
            .. rows.Select(r => new[] { r.Name, r.Pid.ToString(CultureInfo.InvariantCulture), r.Alive ? "alive" : "dead" }),
        ];
        var nameWidth = cells.Max(c => c[0].Length);
        var pidWidth = cells.Max(c => c[1].Length);
        return
        [
            Line(cells[0], nameWidth, pidWidth, cells[0][2]),
            .. rows.Select((row, i) => Line(cells[i + 1], nameWidth, pidWidth, paint(cells[i + 1][2], row.Alive ? Green : Red))),
        ];
    }

    private static string Line(string[] cells, int nameWidth, int pidWidth, string status) =>
        cells[0].PadRight(nameWidth) + Gap + cells[1].PadRight(pidWidth) + Gap + status;
}
