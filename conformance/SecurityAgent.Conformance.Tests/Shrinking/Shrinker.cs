using SecurityAgent.Conformance.Tests.Scripts;

namespace SecurityAgent.Conformance.Tests.Shrinking;

/// <summary>
/// Delta debugging of a failing script: removes steps (ddmin), payload items and ExtraDetails,
/// cuts long texts, drops the initial twin and the UTC offset, for as long as the failure
/// persists, until nothing more can go or the budget of checks is spent. CsCheck's own shrinking
/// only re-samples smaller random scripts; this pass works on the failing script itself.
/// </summary>
internal sealed class Shrinker
{
    /// <summary>Texts that name an enumeration value in the C# payloads: cutting them would not be a valid input.</summary>
    private static readonly HashSet<string> _enumFields = ["Direction", "Result", "Action", "Severity"];

    private readonly Func<Script, bool> _fails;
    private int _budget;

    private Shrinker(Func<Script, bool> fails, int budget)
    {
        _fails = fails;
        _budget = budget;
    }

    /// <summary>The checks made by the last shrink.</summary>
    public int Checks { get; private set; }

    /// <summary>
    /// A script as small as found for which <paramref name="fails"/> still holds; <paramref name="script"/> itself
    /// if nothing smaller fails. <paramref name="fails"/> must hold for <paramref name="script"/>; an exception it
    /// throws counts as "does not fail" (the candidate is not a valid input).
    /// </summary>
    public static (Script Script, int Checks) Shrink(Script script, Func<Script, bool> fails, int budget = 3000)
    {
        var shrinker = new Shrinker(fails, budget);
        var current = script;
        while (true)
        {
            var next = shrinker.Pass(current);
            if (ReferenceEquals(next, current) || shrinker._budget <= 0)
            {
                return (next, shrinker.Checks);
            }

            current = next;
        }
    }

    private Script Pass(Script script)
    {
        var current = script;
        current = Try(current, current with { InitialTwin = null }, current.InitialTwin is not null);
        current = Try(current, current with { UtcOffsetMinutes = 0 }, current.UtcOffsetMinutes != 0);
        current = current with { Steps = Minimize(current.Steps, steps => current with { Steps = steps }) };
        for (var i = 0; i < current.Steps.Count; i++)
        {
            current = ShrinkStep(current, i);
        }

        return Same(current, script) ? script : current;
    }

    private Script ShrinkStep(Script script, int index)
    {
        Script With(Step step) => script with { Steps = script.Steps.Select((s, i) => i == index ? step : s).ToArray() };

        switch (script.Steps[index])
        {
            case SubmitEventStep e:
                var minItems = EventCatalog.IsPeriodic(e.Event.Name) ? 0 : 1;
                var items = Minimize(e.Event.Items, list => With(new SubmitEventStep(e.Event with { Items = list })), minItems);
                script = With(new SubmitEventStep(e.Event with { Items = items }));
                for (var i = 0; i < items.Count; i++)
                {
                    var at = i;
                    RawItem current = items[at];
                    Script WithItem(RawItem item)
                    {
                        var list = items.ToArray();
                        list[at] = item;
                        return With(new SubmitEventStep(e.Event with { Items = list }));
                    }

                    var details = Minimize(current.Details, d => WithItem(current with { Details = d }));
                    current = current with { Details = details };
                    for (var f = 0; f < current.Fields.Count; f++)
                    {
                        var field = current.Fields[f];
                        if (field.Text is { Length: > 1 } text && !_enumFields.Contains(field.Name))
                        {
                            var fieldAt = f;
                            var shortened = Halve(text, bytes =>
                            {
                                var fields = current.Fields.ToArray();
                                fields[fieldAt] = field with { Text = bytes };
                                return WithItem(current with { Fields = fields });
                            });
                            var updated = current.Fields.ToArray();
                            updated[f] = field with { Text = shortened };
                            current = current with { Fields = updated };
                        }
                    }

                    var detailList = current.Details.ToArray();
                    for (var d = 0; d < detailList.Length; d++)
                    {
                        var detailAt = d;
                        detailList[d] = detailList[d] with
                        {
                            Value = Halve(detailList[d].Value, bytes =>
                            {
                                var copy = detailList.ToArray();
                                copy[detailAt] = copy[detailAt] with { Value = bytes };
                                return WithItem(current with { Details = copy });
                            }),
                        };
                    }

                    current = current with { Details = detailList };
                    var final = items.ToArray();
                    final[at] = current;
                    items = [.. final];
                    script = With(new SubmitEventStep(e.Event with { Items = items }));
                }

                return script;
            case SubmitLogStep l:
                var message = Halve(System.Text.Encoding.UTF8.GetBytes(l.Message), bytes => With(l with { Message = System.Text.Encoding.UTF8.GetString(bytes) }));
                return With(l with { Message = System.Text.Encoding.UTF8.GetString(message) });
            case TwinStep t:
                return Try(script, With(new TwinStep("{}"u8.ToArray())), t.Json.Length > 2);
            default:
                return script;
        }
    }

    /// <summary>ddmin: removes chunks of the list, halving the chunk size when no chunk can go.</summary>
    private List<T> Minimize<T>(IReadOnlyList<T> list, Func<IReadOnlyList<T>, Script> make, int min = 0)
    {
        var current = list.ToList();
        var parts = 2;
        while (current.Count > min && _budget > 0)
        {
            var chunk = (current.Count + parts - 1) / parts;
            var removed = false;
            for (var start = 0; start < current.Count && _budget > 0; start += chunk)
            {
                var candidate = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                if (candidate.Count >= min && Fails(make(candidate)))
                {
                    current = candidate;
                    parts = Math.Max(parts - 1, 2);
                    removed = true;
                    break;
                }
            }

            if (!removed)
            {
                if (chunk == 1)
                {
                    break;
                }

                parts = Math.Min(current.Count, parts * 2);
            }
        }

        return current;
    }

    /// <summary>Cuts bytes from the end or the start (half, then a quarter, ... then one byte) while the failure persists.</summary>
    private byte[] Halve(byte[] bytes, Func<byte[], Script> make)
    {
        var current = bytes;
        var cut = current.Length / 2;
        while (cut > 0 && current.Length > 1 && _budget > 0)
        {
            if (Fails(make(current[..^cut])))
            {
                current = current[..^cut];
                cut = current.Length / 2;
            }
            else if (Fails(make(current[cut..])))
            {
                current = current[cut..];
                cut = current.Length / 2;
            }
            else
            {
                cut /= 2;
            }
        }

        return current;
    }

    private Script Try(Script current, Script candidate, bool worthIt) => worthIt && Fails(candidate) ? candidate : current;

    private bool Fails(Script candidate)
    {
        _budget--;
        Checks++;
        try
        {
            return _fails(candidate);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static bool Same(Script a, Script b) => ScriptSize.Of(a) == ScriptSize.Of(b)
        && a.InitialTwin == b.InitialTwin && a.UtcOffsetMinutes == b.UtcOffsetMinutes;
}
