using System.Text.Json.Serialization;

namespace Cluster.Rx;

/// <summary>The JSON of <see cref="Plugins.Stats"/>: its channel messages and its command's answer, source-generated, camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(WorkerActivity))]
[JsonSerializable(typeof(StatsPull))]
[JsonSerializable(typeof(StatsAnswer))]
internal sealed partial class StatsJson : JsonSerializerContext;
