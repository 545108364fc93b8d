using System.Buffers;
using System.Text;
using System.Text.Json.Serialization;
using Cluster.Rx.Extensibility;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Specs.Extensibility;

/// <summary>A plugin frame carries its channel's name and the message; a channel is routed by name and type.</summary>
public sealed class PluginFrameSpecs
{
    [Fact]
    public void Encode_ThenDecode_GivesTheNameAndTheMessage()
    {
        var frame = PluginFrame.Encode(PluginFrame.CheckName("stats/é"), new Note("hi"), NoteJson.Default.Note);

        Assert.True(PluginFrame.TryDecode(new ReadOnlySequence<byte>(frame), out var name, out var json));
        Assert.Equal("stats/é", name);
        Assert.Equal(new Note("hi"), PluginFrame.Decode(json, NoteJson.Default.Note));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 5, (byte)'a', (byte)'b' })]
    public void TryDecode_TooShortForItsName_IsFalse(byte[] payload)
    {
        Assert.False(PluginFrame.TryDecode(new ReadOnlySequence<byte>(payload), out _, out _));
    }

    [Fact]
    public void CheckName_EmptyOrTooLong_IsAnErrorGivingTheLimit()
    {
        Assert.Throws<ArgumentException>(() => PluginFrame.CheckName(" "));
        var error = Assert.Throws<ArgumentException>(() => PluginFrame.CheckName(new string('n', PluginFrame.MaxName + 1)));
        Assert.Contains($"the limit is {PluginFrame.MaxName}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChannelTable_SameNameAnotherType_IsAnError_AndBadJsonIsLoggedAndDropped()
    {
        var log = new StringWriter();
        var table = new ChannelTable<string>(new ClusterLog(log));
        var channel = table.Open<Note, Receiver>("notes", () => new Receiver());

        Assert.Same(channel, table.Open<Note, Receiver>("notes", () => new Receiver()));
        var error = Assert.Throws<ArgumentException>(() => table.Open<int, OtherReceiver>("notes", () => new OtherReceiver()));
        Assert.Contains("open already for messages of type Note, not Int32", error.Message, StringComparison.Ordinal);

        table.Receive("worker 0", Payload("notes", "{\"text\":\"ok\"}"));
        table.Receive("worker 0", Payload("notes", "not json"));
        table.Receive("worker 0", Payload("elsewhere", "{}"));

        Assert.Equal([new Note("ok")], channel.Received);
        Assert.Contains("a message on plugin channel 'notes' from worker 0 is not a valid Note", log.ToString(), StringComparison.Ordinal);
    }

    private static ReadOnlySequence<byte> Payload(string name, string json) =>
        new([(byte)name.Length, .. Encoding.UTF8.GetBytes(name), .. Encoding.UTF8.GetBytes(json)]);

    private sealed class Receiver : ChannelTable<string>.IChannel
    {
        public List<Note> Received { get; } = [];

        public Type MessageType => typeof(Note);

        public void Receive(string from, ReadOnlySequence<byte> json) => Received.Add(PluginFrame.Decode(json, NoteJson.Default.Note));

        public void Complete()
        {
        }
    }

    private sealed class OtherReceiver : ChannelTable<string>.IChannel
    {
        public Type MessageType => typeof(int);

        public void Receive(string from, ReadOnlySequence<byte> json)
        {
        }

        public void Complete()
        {
        }
    }
}

public sealed record Note(string Text);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Note))]
internal sealed partial class NoteJson : JsonSerializerContext;
