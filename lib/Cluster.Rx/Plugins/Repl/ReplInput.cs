namespace Cluster.Rx;

/// <summary>What a session's receive loop hands its answer loop: a whole line to run, or a last word before it closes.</summary>
/// <param name="Text">The line, or the reply to write before closing.</param>
/// <param name="IsLast">True for the last word: write <paramref name="Text"/> as it is, then end the session.</param>
internal readonly record struct ReplInput(string Text, bool IsLast);
