using System.Buffers;
using System.Text;
using System.Text.Json;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Specs.Ipc;

public sealed class IpcMessagesSpecs
{
    // What earlier builds wrote and read: System.Text.Json with camelCase names, nulls written. A master and its
    // workers may be of different builds (a roll starts the build on disk), so both directions must keep working.
    private static readonly JsonSerializerOptions EarlierBuilds = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static TheoryData<Case> Messages() =>
    [
        Case.Of(new HelloMessage(3, 4242)),
        Case.Of(new OptionsMessage(10_000, "worker {n} \"quoted\" é", "www-data", null, "/srv/app", 15_000, 300, 50)),
        Case.Of(new OptionsMessage(0, "t", null, null, "/", 0, long.MaxValue, 0)),
        Case.Of(new ExceptionMessage("System.InvalidOperationException", "boom\nsecond line", "   at Program.Main()")),
        Case.Of(new WaitingMessage(17)),
        Case.Of(new RestartFailedMessage("the new build failed", 2, 777, new ExceptionMessage("System.Exception", "no", ""))),
        Case.Of(new RestartFailedMessage("not ready in time", null, null, null)),
        Case.Of(new PromoteMessage(5)),
        Case.Of(new RecycleMessage(312, 300)),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_RoundTrips(Case example) => Assert.Equal(example.Message, example.Decode(example.Encode()));

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_IsReadByEarlierBuilds(Case example) =>
        Assert.Equal(example.Message, JsonSerializer.Deserialize(example.Encode(), example.Message.GetType(), EarlierBuilds));

    [Theory]
    [MemberData(nameof(Messages))]
    public void Message_FromEarlierBuilds_IsRead(Case example) =>
        Assert.Equal(example.Message, example.Decode(JsonSerializer.SerializeToUtf8Bytes(example.Message, example.Message.GetType(), EarlierBuilds)));

    [Fact]
    public void Encode_WritesCamelCaseNamesAndNulls()
    {
        Assert.Equal("""{"id":3,"pid":4242}""", Text(IpcMessages.Encode(new HelloMessage(3, 4242))));
        Assert.Equal(
            """{"reason":"r","workerId":null,"workerPid":null,"exception":null}""",
            Text(IpcMessages.Encode(new RestartFailedMessage("r", null, null, null))));
    }

    [Fact]
    public void Read_OptionsOfAnEarlierMaster_WithoutLaterProperties_TakesTheirDefaults()
    {
        var options = Read<OptionsMessage>("""{"timeoutMs":5000,"title":"w","user":null,"group":null,"workingDirectory":"/"}""");

        Assert.Equal(new OptionsMessage(5000, "w", null, null, "/"), options);
    }

    [Fact]
    public void Read_PropertiesItDoesNotKnow_OfAnyKind_AreSkipped()
    {
        var hello = Read<HelloMessage>("""{"build":{"version":[1,2],"at":null},"id":1,"tags":["a",{"b":1}],"ratio":0.5,"ok":true,"pid":2,"note":"x"}""");

        Assert.Equal(new HelloMessage(1, 2), hello);
    }

    [Theory]
    [InlineData("""{"id":1}""", "property 'pid' (an integer) is missing or null")]
    [InlineData("""{"id":1,"pid":null}""", "property 'pid' (an integer) is missing or null")]
    [InlineData("""{"id":1,"pid":"2"}""", "property 'pid' is not an integer")]
    [InlineData("""{"id":1,"pid":2.5}""", "property 'pid' is not an integer")]
    [InlineData("""{"id":1,"pid":4294967296}""", "property 'pid' is 4294967296, out of the range of a 32-bit integer")]
    [InlineData("null", "expected a JSON object, not Null")]
    [InlineData("[]", "expected a JSON object, not StartArray")]
    public void Read_APayloadThatDoesNotFit_IsAProtocolErrorThatSaysWhy(string json, string why)
    {
        var e = Assert.Throws<IpcProtocolException>(() => Read<HelloMessage>(json));

        Assert.Equal($"IPC Hello frame is not a valid HelloMessage: {why}", e.Message);
    }

    [Theory]
    [InlineData("""{"id":1,"pid":""")]
    [InlineData("""{"id":1,"pid":2} {}""")]
    [InlineData("")]
    public void Read_InvalidJson_IsAProtocolError(string json)
    {
        var e = Assert.Throws<IpcProtocolException>(() => Read<HelloMessage>(json));

        Assert.StartsWith("IPC Hello frame is not a valid HelloMessage: ", e.Message);
    }

    [Fact]
    public void Read_ANestedObjectOfTheWrongKind_IsAProtocolError()
    {
        var e = Assert.Throws<IpcProtocolException>(() => Read<RestartFailedMessage>("""{"reason":"r","exception":"boom"}"""));

        Assert.Equal("IPC Hello frame is not a valid RestartFailedMessage: property 'exception' is not an object", e.Message);
    }

    [Fact]
    public void Read_APayloadInSeveralSegments_IsReadWhole()
    {
        var bytes = IpcMessages.Encode(new ExceptionMessage("T", new string('m', 3000), "s"));
        var payload = Frames.Segmented(bytes[..7], bytes[7..1000], bytes[1000..]);

        Assert.Equal(new ExceptionMessage("T", new string('m', 3000), "s"), IpcMessages.Read<ExceptionMessage>(FrameType.Exception, payload));
    }

    private static T Read<T>(string json)
        where T : IIpcMessage<T> =>
        IpcMessages.Read<T>(FrameType.Hello, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>A message, and how this build encodes and decodes it.</summary>
    public sealed record Case(object Message, Func<byte[]> Encode, Func<byte[], object> Decode)
    {
        internal static Case Of<T>(T message)
            where T : IIpcMessage<T> =>
            new(message, () => IpcMessages.Encode(message), bytes => IpcMessages.Read<T>(FrameType.Hello, new ReadOnlySequence<byte>(bytes)));

        public override string ToString() => Message.ToString()!;
    }
}
