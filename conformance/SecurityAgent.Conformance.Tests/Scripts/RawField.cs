namespace SecurityAgent.Conformance.Tests.Scripts;

/// <summary>One field of a payload item: text (raw bytes, possibly invalid UTF-8), integer or boolean.</summary>
/// <param name="Name">The field name, as in the event's schema.</param>
/// <param name="Text">The bytes of a text field, else null.</param>
/// <param name="Integer">The value of an integer field.</param>
/// <param name="Boolean">The value of a boolean field.</param>
internal sealed record RawField(string Name, byte[]? Text, long? Integer, bool? Boolean)
{
    public static RawField Of(string name, byte[] text) => new(name, text, null, null);

    public static RawField Of(string name, long value) => new(name, null, value, null);

    public static RawField Of(string name, bool value) => new(name, null, null, value);
}
