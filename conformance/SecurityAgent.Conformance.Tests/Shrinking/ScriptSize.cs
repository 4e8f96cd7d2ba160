using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Shrinking;

/// <summary>How big a script is, for the shrinking report: its steps, payload items and input bytes.</summary>
/// <param name="Steps">The steps.</param>
/// <param name="Items">The payload items of all events.</param>
/// <param name="TextBytes">The bytes of every text input (fields, details, log messages, twins).</param>
internal readonly record struct ScriptSize(int Steps, int Items, long TextBytes)
{
    public static ScriptSize Of(Script script)
    {
        var items = 0;
        var bytes = (long)(script.InitialTwin?.Length ?? 0);
        foreach (var step in script.Steps)
        {
            switch (step)
            {
                case SubmitEventStep s:
                    items += s.Event.Items.Count;
                    bytes += s.Event.Items.Sum(i =>
                        i.Fields.Sum(f => (long)(f.Text?.Length ?? 0)) + i.Details.Sum(d => (long)d.Key.Length + d.Value.Length));
                    break;
                case SubmitLogStep s:
                    bytes += s.Message.Length;
                    break;
                case TwinStep s:
                    bytes += s.Json.Length;
                    break;
            }
        }

        return new ScriptSize(script.Steps.Count, items, bytes);
    }

    public override string ToString() => $"{Steps} steps, {Items} items, {TextBytes} text bytes";
}
