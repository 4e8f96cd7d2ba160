using System.Text;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.FirewallConfiguration;

/// <summary>
/// Parses iptables-save (or ip6tables-save) output: the rules of the filter table, chain by chain
/// in declaration order, each rule's Priority its index in the chain and each built-in chain's
/// policy as its last rule. INPUT is In, OUTPUT is Out. Addresses, ports and protocol go to their
/// fields, the rest (interfaces, comments, modules the schema has no field for, target options) to
/// ExtraDetails. Lines outside a table or not of the save format are skipped and counted.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class IptablesSaveParser
{
    private const string FilterTable = "filter";

    /// <summary>Parses the output of one tool; <paramref name="family"/> is "ip" or "ip6".</summary>
    public static FirewallRuleset Parse(string text, string family)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        var chains = new List<(string Name, string Policy)>();
        var rules = new Dictionary<string, List<RuleBuilder>>(StringComparer.Ordinal);
        string? table = null;
        var malformed = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            if (line[0] == '*')
            {
                table = line[1..];
                tables.Add($"{family} {table}");
                continue;
            }
            if (table is null)
            {
                malformed++;
                continue;
            }
            if (line == "COMMIT")
            {
                table = null;
                continue;
            }
            if (table != FilterTable)
            {
                continue;
            }
            if (line[0] == ':')
            {
                var parts = line[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2)
                {
                    malformed++;
                    continue;
                }
                chains.Add((parts[0], parts[1]));
                continue;
            }
            var tokens = Tokenize(line);
            if (tokens.Count > 0 && tokens[0].StartsWith('['))
            {
                tokens.RemoveAt(0); // packet and byte counters of iptables-save -c
            }
            if (tokens.Count < 2 || tokens[0] is not ("-A" or "--append") || !TryParseRule(tokens, out var rule))
            {
                malformed++;
                continue;
            }
            if (!rules.TryGetValue(tokens[1], out var list))
            {
                rules[tokens[1]] = list = [];
                if (!chains.Exists(c => c.Name == tokens[1]))
                {
                    chains.Add((tokens[1], "-"));
                }
            }
            list.Add(rule);
        }
        if (table is not null)
        {
            malformed++; // the output ended inside a table (no COMMIT): it was cut short
        }
        var items = new List<FirewallConfigurationPayload>();
        var common = new Dictionary<string, string>(StringComparer.Ordinal) { ["Family"] = family == "ip6" ? "ipv6" : "ipv4", ["Table"] = FilterTable };
        foreach (var (name, policy) in chains)
        {
            var direction = name switch { "INPUT" => ConnectionDirection.In, "OUTPUT" => (ConnectionDirection?)ConnectionDirection.Out, _ => null };
            uint priority = 0;
            foreach (var rule in rules.GetValueOrDefault(name) ?? [])
            {
                items.Add(rule.Build(name, priority++, direction, common));
            }
            if (policy != "-")
            {
                var last = new RuleBuilder { Target = policy };
                last.Extra("Policy", policy);
                items.Add(last.Build(name, priority, direction, common));
            }
        }
        return new FirewallRuleset(items, tables, malformed);
    }

    private static bool TryParseRule(List<string> tokens, out RuleBuilder rule)
    {
        rule = new RuleBuilder();
        var negate = false;
        var afterTarget = false;
        for (var i = 2; i < tokens.Count; i++)
        {
            var option = tokens[i];
            if (option == "!")
            {
                negate = true;
                continue;
            }
            if (!option.StartsWith('-'))
            {
                return false;
            }
            // A value never starts with '-'; an option without one (--syn) is followed by the next option.
            string? value = i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-') && tokens[i + 1] != "!" ? tokens[i + 1] : null;
            switch (option)
            {
                case "-s" or "--source" or "--src-range" when value is not null:
                    rule.Address(source: true, value, negate);
                    break;
                case "-d" or "--destination" or "--dst-range" when value is not null:
                    rule.Address(source: false, value, negate);
                    break;
                case "-p" or "--protocol" when value is not null:
                    rule.SetProtocol(value, negate);
                    break;
                case "--sport" or "--source-port" or "--sports" or "--source-ports" when value is not null:
                    rule.Port(source: true, value, negate);
                    break;
                case "--dport" or "--destination-port" or "--dports" or "--destination-ports" when value is not null:
                    rule.Port(source: false, value, negate);
                    break;
                case "-i" or "--in-interface" when value is not null:
                    rule.Extra("InInterface", (negate ? "!" : string.Empty) + value);
                    break;
                case "-o" or "--out-interface" when value is not null:
                    rule.Extra("OutInterface", (negate ? "!" : string.Empty) + value);
                    break;
                case "--comment" when value is not null:
                    rule.Extra("Comment", value);
                    break;
                case "-m" or "--match" when value is not null:
                    if (value is not ("tcp" or "udp" or "multiport" or "iprange" or "comment"))
                    {
                        rule.Unknown($"-m {value}");
                    }
                    break;
                case "-j" or "--jump" or "-g" or "--goto" when value is not null:
                    rule.Target = value;
                    afterTarget = true;
                    if (option is "-g" or "--goto")
                    {
                        rule.Extra("Goto", "true");
                    }
                    break;
                default:
                    if (value is null && option is "-s" or "--source" or "-d" or "--destination" or "-p" or "--protocol"
                        or "--sport" or "--dport" or "-j" or "--jump" or "-m" or "--match" or "-i" or "-o")
                    {
                        return false; // an option that needs a value, cut short
                    }
                    var text = (negate ? "! " : string.Empty) + option + (value is null ? string.Empty : " " + Quote(value));
                    if (afterTarget)
                    {
                        rule.Extra("TargetOptions", text);
                    }
                    else
                    {
                        rule.Unknown(text);
                    }
                    break;
            }
            if (value is not null)
            {
                i++;
            }
            negate = false;
        }
        return true;
    }

    private static string Quote(string value) => value.Contains(' ', StringComparison.Ordinal) ? $"\"{value}\"" : value;

    /// <summary>Splits on blanks, keeping "quoted strings" (with \" escapes) as one token.</summary>
    private static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
                {
                    current.Append(line[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
                any = true;
            }
            else if (c is ' ' or '\t')
            {
                if (any || current.Length > 0)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
            }
        }
        if (any || current.Length > 0)
        {
            tokens.Add(current.ToString());
        }
        return tokens;
    }
}
