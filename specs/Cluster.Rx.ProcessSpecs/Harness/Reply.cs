using System.Net;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>An HTTP answer of the SpecHost app: status, body and the worker that gave it.</summary>
internal sealed record Reply(HttpStatusCode Status, string Body, int Pid, int Id);
