using System.Text.Json;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.FirewallConfiguration;

/// <summary>
/// Parses <c>nft -j list ruleset</c>: every chain of every table in listing order, its rules in
/// order, and a base chain's policy as its last rule. A chain hooked at input is In, at output
/// Out. Address, port and protocol matches go to their fields (a negated address as "!address"),
/// the rule's comment and the other matches (conntrack, interfaces, marks...) to ExtraDetails.
/// Tables in <c>skipTables</c> ("ip filter") are left out: iptables-nft owns them and its own
/// output describes them better.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class NftablesJsonParser
{
    /// <summary>Parses the JSON text.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON or has no "nftables" array.</exception>
    public static FirewallRuleset Parse(string json, IReadOnlySet<string>? skipTables = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"nft output is not JSON: {ex.Message}", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("nftables", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("nft output has no \"nftables\" array");
            }
            var tables = new HashSet<string>(StringComparer.Ordinal);
            var chains = new List<(string Table, string Name, string? Hook, string? Policy)>();
            var rules = new Dictionary<(string, string), List<RuleBuilder>>();
            var malformed = 0;
            foreach (var entry in list.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    malformed++;
                    continue;
                }
                if (entry.TryGetProperty("table", out var table))
                {
                    if (Text(table, "family") is { } f && Text(table, "name") is { } n)
                    {
                        tables.Add($"{f} {n}");
                    }
                    else
                    {
                        malformed++;
                    }
                }
                else if (entry.TryGetProperty("chain", out var chain))
                {
                    if (TableOf(chain) is { } t && Text(chain, "name") is { } name)
                    {
                        chains.Add((t, name, Text(chain, "hook"), Text(chain, "policy")));
                    }
                    else
                    {
                        malformed++;
                    }
                }
                else if (entry.TryGetProperty("rule", out var rule))
                {
                    if (TableOf(rule) is { } t && Text(rule, "chain") is { } name
                        && rule.TryGetProperty("expr", out var expr) && expr.ValueKind == JsonValueKind.Array)
                    {
                        var builder = ParseRule(expr);
                        if (Text(rule, "comment") is { } comment)
                        {
                            builder.Extra("Comment", comment);
                        }
                        if (!rules.TryGetValue((t, name), out var listOfChain))
                        {
                            rules[(t, name)] = listOfChain = [];
                        }
                        listOfChain.Add(builder);
                    }
                    else
                    {
                        malformed++;
                    }
                }
            }
            var items = new List<FirewallConfigurationPayload>();
            foreach (var (table, name, hook, policy) in chains)
            {
                if (skipTables?.Contains(table) == true)
                {
                    continue;
                }
                var space = table.IndexOf(' ', StringComparison.Ordinal);
                var common = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Family"] = table[..space],
                    ["Table"] = table[(space + 1)..],
                };
                if (hook is not null)
                {
                    common["Hook"] = hook;
                }
                var direction = hook switch { "input" => ConnectionDirection.In, "output" => (ConnectionDirection?)ConnectionDirection.Out, _ => null };
                uint priority = 0;
                foreach (var rule in rules.GetValueOrDefault((table, name)) ?? [])
                {
                    items.Add(rule.Build(name, priority++, direction, common));
                }
                if (hook is not null && policy is not null)
                {
                    var last = new RuleBuilder { Target = policy.ToUpperInvariant() };
                    last.Extra("Policy", policy);
                    items.Add(last.Build(name, priority, direction, common));
                }
            }
            return new FirewallRuleset(items, tables, malformed);
        }
    }

    private static RuleBuilder ParseRule(JsonElement expressions)
    {
        var rule = new RuleBuilder();
        foreach (var expression in expressions.EnumerateArray())
        {
            if (expression.ValueKind != JsonValueKind.Object)
            {
                rule.Unknown(expression.GetRawText());
                continue;
            }
            var members = expression.EnumerateObject();
            if (!members.MoveNext())
            {
                rule.Unknown(expression.GetRawText()); // {}: a default JsonProperty has no Name to read
                continue;
            }
            var property = members.Current;
            switch (property.Name)
            {
                case "match" when TryMatch(property.Value, rule):
                    break;
                case "counter":
                    break;
                case "accept" or "drop" or "reject" or "return" or "continue" or "queue":
                    rule.Target = property.Name.ToUpperInvariant();
                    break;
                case "jump" or "goto":
                    rule.Target = property.Value.ValueKind == JsonValueKind.Object ? Text(property.Value, "target") : null;
                    rule.Extra("Verdict", property.Name);
                    break;
                case "xt" when Text(property.Value, "type") == "target":
                    rule.Target = Text(property.Value, "name");
                    break;
                default:
                    rule.Unknown(expression.GetRawText());
                    break;
            }
        }
        return rule;
    }

    /// <summary>Reads an address, port or protocol match into its field; false for any other match.</summary>
    private static bool TryMatch(JsonElement match, RuleBuilder rule)
    {
        if (match.ValueKind != JsonValueKind.Object || !match.TryGetProperty("left", out var left) || !match.TryGetProperty("right", out var right)
            || Value(right) is not { } value)
        {
            return false;
        }
        var op = Text(match, "op") ?? "==";
        if (op is not ("==" or "!=" or "in"))
        {
            return false;
        }
        var negated = op == "!=";
        if (left.ValueKind == JsonValueKind.Object && left.TryGetProperty("payload", out var payload))
        {
            var protocol = Text(payload, "protocol");
            switch (Text(payload, "field"))
            {
                case "saddr" when protocol is "ip" or "ip6":
                    rule.Address(source: true, value, negated);
                    return true;
                case "daddr" when protocol is "ip" or "ip6":
                    rule.Address(source: false, value, negated);
                    return true;
                case "protocol" when protocol == "ip":
                case "nexthdr" when protocol == "ip6":
                    rule.SetProtocol(value, negated);
                    return true;
                case "sport" or "dport" when protocol is not null:
                    rule.Port(Text(payload, "field") == "sport", value, negated);
                    if (protocol != "th" && rule.Protocol is null)
                    {
                        rule.SetProtocol(protocol, negated: false);
                    }
                    return true;
            }
            return false;
        }
        if (left.ValueKind == JsonValueKind.Object && left.TryGetProperty("meta", out var meta))
        {
            switch (Text(meta, "key"))
            {
                case "l4proto":
                    rule.SetProtocol(value, negated);
                    return true;
                case "iifname" or "iif":
                    rule.Extra("InInterface", (negated ? "!" : string.Empty) + value);
                    return true;
                case "oifname" or "oif":
                    rule.Extra("OutInterface", (negated ? "!" : string.Empty) + value);
                    return true;
            }
        }
        return false;
    }

    /// <summary>A match's right side as text: a value, prefix a/n, range a-b, or a set joined by commas.</summary>
    private static string? Value(JsonElement right)
    {
        switch (right.ValueKind)
        {
            case JsonValueKind.String:
                return right.GetString();
            case JsonValueKind.Number:
                return right.GetRawText();
            case JsonValueKind.Object when right.TryGetProperty("prefix", out var prefix) && prefix.ValueKind == JsonValueKind.Object:
                return Text(prefix, "addr") is { } addr && prefix.TryGetProperty("len", out var len) && len.ValueKind == JsonValueKind.Number
                    ? $"{addr}/{len.GetRawText()}" : null;
            case JsonValueKind.Object when right.TryGetProperty("range", out var range) && range.ValueKind == JsonValueKind.Array && range.GetArrayLength() == 2:
                return Value(range[0]) is { } low && Value(range[1]) is { } high ? $"{low}-{high}" : null;
            case JsonValueKind.Object when right.TryGetProperty("set", out var set) && set.ValueKind == JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var element in set.EnumerateArray())
                {
                    if (Value(element) is not { } part)
                    {
                        return null;
                    }
                    parts.Add(part);
                }
                return string.Join(',', parts);
            default:
                return null;
        }
    }

    private static string? TableOf(JsonElement element) =>
        Text(element, "family") is { } family && Text(element, "table") is { } table ? $"{family} {table}" : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}
