using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.FirewallConfiguration;

/// <summary>Collects the fields of one rule while a parser reads it, then builds the item.</summary>
internal sealed class RuleBuilder
{
    private readonly Dictionary<string, string> _extra = new(StringComparer.Ordinal);
    private readonly List<string> _unknown = [];

    public string? SourceAddress { get; set; }

    public string? SourcePort { get; set; }

    public string? DestinationAddress { get; set; }

    public string? DestinationPort { get; set; }

    public string? Protocol { get; set; }

    /// <summary>The verdict or target (ACCEPT, DROP, REJECT, RETURN, a chain, ...), upper case for verdicts.</summary>
    public string? Target { get; set; }

    /// <summary>Adds an ExtraDetails entry (a second value for the same key is appended after a space).</summary>
    public void Extra(string key, string value) =>
        _extra[key] = _extra.TryGetValue(key, out var old) ? $"{old} {value}" : value;

    /// <summary>Keeps a match the schema has no field for; all of them end up in ExtraDetails["Matches"].</summary>
    public void Unknown(string text) => _unknown.Add(text);

    /// <summary>
    /// Sets an address field, or, when negated, writes it "!address" (the schema's address tag
    /// is free text; the port and protocol fields are not, so negated ones go to ExtraDetails).
    /// </summary>
    public void Address(bool source, string value, bool negated)
    {
        if (value.Length == 0 && !negated)
        {
            // an empty nft set or a quoted "" : the schema's address is never empty
            Extra(source ? "SourceAddress" : "DestinationAddress", value);
            return;
        }
        var text = negated ? "!" + value : value;
        if (source)
        {
            SourceAddress = SourceAddress is null ? text : $"{SourceAddress},{text}";
        }
        else
        {
            DestinationAddress = DestinationAddress is null ? text : $"{DestinationAddress},{text}";
        }
    }

    /// <summary>Sets a port field from text; negated or not a port, it goes to ExtraDetails.</summary>
    public void Port(bool source, string value, bool negated)
    {
        var key = source ? "SourcePort" : "DestinationPort";
        if (negated || !PortText.TryNormalize(value, out var ports))
        {
            Extra(key, (negated ? "!" : string.Empty) + value);
            return;
        }
        if (source)
        {
            SourcePort = ports;
        }
        else
        {
            DestinationPort = ports;
        }
    }

    /// <summary>Sets the protocol; negated, numeric or unusual, it goes to ExtraDetails.</summary>
    public void SetProtocol(string value, bool negated)
    {
        var lower = value.ToLowerInvariant();
        if (lower == "all")
        {
            lower = "any";
        }
        if (negated || lower.Length is 0 or > 32 || !char.IsAsciiLetterLower(lower[0]) || !lower.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            Extra("Protocol", (negated ? "!" : string.Empty) + value);
            return;
        }
        Protocol = lower;
    }

    /// <summary>Builds the item of a rule at <paramref name="priority"/> in <paramref name="chain"/>.</summary>
    public FirewallConfigurationPayload Build(string chain, uint priority, ConnectionDirection? direction, IReadOnlyDictionary<string, string> common)
    {
        foreach (var (key, value) in common)
        {
            _extra.TryAdd(key, value);
        }
        if (_unknown.Count > 0)
        {
            _extra["Matches"] = string.Join(' ', _unknown);
        }
        var action = ActionOf(Target);
        if (action == FirewallAction.Other && Target is not null)
        {
            _extra["Target"] = Target;
        }
        return new FirewallConfigurationPayload
        {
            Enabled = true,
            Action = action,
            Priority = priority,
            Direction = direction,
            ChainName = chain,
            SourceAddress = SourceAddress,
            SourcePort = SourcePort,
            DestinationAddress = DestinationAddress,
            DestinationPort = DestinationPort,
            Protocol = Protocol,
            ExtraDetails = _extra.Count > 0 ? _extra : null,
        };
    }

    /// <summary>ACCEPT is Allow, DROP and REJECT are Deny, anything else (RETURN, LOG, a jump) is Other.</summary>
    public static FirewallAction ActionOf(string? target) => target switch
    {
        "ACCEPT" => FirewallAction.Allow,
        "DROP" or "REJECT" => FirewallAction.Deny,
        _ => FirewallAction.Other,
    };
}
