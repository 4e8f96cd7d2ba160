using System.Text;

namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// The recorded tool outputs the FirewallConfiguration conformance cases feed both agents: the
/// fixtures of fixtures/linux/FirewallConfiguration (whole, malformed and truncated) and hostile
/// outputs made here (a huge line, NULs, invalid UTF-8, a byte order mark, deep nesting, odd
/// letters, duplicate chains). Each case names the C# agent's source and the outputs of
/// iptables-save, ip6tables-save and nft (null: that tool gives nothing in this case).
/// </summary>
internal static class FirewallCases
{
    internal sealed record Case(string Source, byte[]? Iptables, byte[]? Ip6tables, byte[]? Nft);

    public static IEnumerable<(string Name, Case Case)> All(string fixtures)
    {
        byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(fixtures, "FirewallConfiguration", name));
        byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

        yield return ("Iptables", new Case("Iptables", Fixture("iptables-save.txt"), Fixture("ip6tables-save.txt"), null));
        yield return ("Nftables", new Case("Nftables", null, null, Fixture("nft-ruleset.json")));
        yield return ("AutoOwnedTablesSkipped", new Case("Auto", Fixture("iptables-save.txt"), Fixture("ip6tables-save.txt"), Fixture("nft-ruleset.json")));
        yield return ("IptablesMalformed", new Case("Iptables", Fixture("iptables-save-malformed.txt"), null, null));
        yield return ("NftMalformed", new Case("Nftables", null, null, Fixture("nft-malformed.json")));
        yield return ("NftTruncated", new Case("Nftables", null, null, Fixture("nft-truncated.json")));
        yield return ("AutoNftTruncatedAfterIptables", new Case("Auto", Fixture("iptables-save-malformed.txt"), null, Fixture("nft-truncated.json")));
        yield return ("NftEmptyOutput", new Case("Nftables", null, null, []));
        yield return ("NftNoArray", new Case("Nftables", null, null, Text("{\"nftables\": {}}")));
        yield return ("NftNotAnObject", new Case("Nftables", null, null, Text("[1, 2]")));

        var huge = new StringBuilder("*filter\n:INPUT DROP [0:0]\n-A INPUT");
        for (var i = 0; i < 40000; i++)
        {
            huge.Append(" -m m").Append(i % 10).Append(" --x").Append(i);
        }
        huge.Append(" -j ACCEPT\n-A INPUT ").Append('x', 300000).Append("\nCOMMIT\n");
        yield return ("IptablesHugeLine", new Case("Iptables", Text(huge.ToString()), null, null));

        yield return ("IptablesHostile", new Case("Iptables", Concat(
            [0xEF, 0xBB, 0xBF],
            Text("# comment\n*nat\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n*\nCOMMIT\nCOMMIT\n*filter\r\n"),
            Text(":INPUT ACCEPT [0:0]\n:INPUT DROP [0:0]\n:\tBAD\n:ONLY\n-A LATE -j ACCEPT\n:LATE RETURN [0:0]\n"),
            Text("-A INPUT -s 10.0.0.1\0x -p tcp --dport 0022:00080 -j DROP\n"),
            Text("-A INPUT -m comment --comment \"a\0b\" --comment \"\" -j ACCEPT\n"),
            Text("-A INPUT -m comment --comment \"bad "), [0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80], Text("\" -j LOG --log-prefix \"un closed\n"),
            Text("-A INPUT -p \u212Acp -j ACCEPT\n-A INPUT ! -p ALL -j ACCEPT\n-A INPUT -p ALL -j ACCEPT\n-A INPUT -p \u0130cmp -j ACCEPT\n"),
            Text("-A INPUT -p 6 -p abcdefghijklmnopqrstuvwxyz0123456 -j ACCEPT\n-A INPUT -p abcdefghijklmnopqrstuvwxyz01234567 -j ACCEPT\n"),
            Text("-A INPUT -p ! -s 1.1.1.1 -j DROP\n-A INPUT ! ! -d 2.2.2.2 --src-range 3.3.3.3-3.3.3.9 -s 4.4.4.4 -j ACCEPT\n"),
            Text("-A INPUT ! --sport 1 --sport 65536 --sports 1,2:3-4 --dports 1:2:3 --dport , --dport 5, -j REJECT\n"),
            Text("-A INPUT -i lo ! -o eth0 --in-interface x -g OTHER --goto-x y --syn -m tcp -m state --state NEW\n"),
            Text("-A INPUT -m\n-A INPUT -j\n-A INPUT --comment\n-A INPUT --syn -j\n-A INPUT junk\n-A\n--append INPUT\n"),
            Text("[1:2] --append OUTPUT -j DROP\n[1:2]\n-A OUTPUT\t-d\t::1 \"-j\" ACCEPT\n-A OUTPUT -j \"\"\n-A OUTPUT -s \"\" -s \"\" -d \"\" -d 1.1.1.1 -j ACCEPT\n"),
            Text("-A OUTPUT -m \"a b\" --x \"c d\" -j x --y \"e f\" \\\"g\n"),
            Text("COMMIT\n*filter\n-A INPUT -j ACCEPT\n")), null, null));

        yield return ("NftDepth64", new Case("Nftables", null, null, Text(Nested(58))));
        yield return ("NftDepth65", new Case("Nftables", null, null, Text(Nested(59))));
        var hostile = """
            {"nftables": [1, "x", null, {}, {"metainfo": {}},
             {"table": {"family": "inet", "name": "t"}}, {"table": {"family": 1}},
             {"chain": {"family": "in et", "table": "t t", "name": "c", "hook": "input", "policy": "accépt ſ µ ÿ ß"}},
             {"chain": {"family": "inet", "table": "t", "name": "c", "hook": "output", "policy": "drop"}},
             {"chain": {"family": "inet", "table": "t", "name": "c"}},
             {"chain": {"family": "inet", "table": "t", "name": "d", "hook": "forward", "policy": "ACCEPT"}},
             {"chain": {"family": "inet", "table": "t"}}, {"chain": {"family": "inet", "table": "t", "name": 5}},
             {"rule": {"family": "inet", "table": "t", "chain": "c", "comment": 7, "expr": [
               {}, [], 12, "s", {"counter": null, "accept": null}, {"xt": {"type": "target"}},
               {"match": {"op": "!=", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "1.2.3.0"}}}},
               {"match": {"op": 5, "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"set": []}}},
               {"match": {"op": "in", "left": {"payload": {"protocol": "ip6", "field": "daddr"}}, "right": {"set": [{"prefix": {"addr": "::", "len": 1.0}}, {"range": ["a", "b"]}, {"set": [1, -0, 1e3]}]}}},
               {"match": {"op": "<", "left": {"meta": {"key": "l4proto"}}, "right": "tcp"}},
               {"match": {"left": {"meta": {"key": "l4proto"}}, "right": "TCP"}},
               {"match": {"left": {"payload": {"protocol": "th", "field": "dport"}}, "right": {"range": [1, 2, 3]}}},
               {"match": {"left": {"payload": {"protocol": "th", "field": "dport"}}, "right": {"range": [1000, 2000]}}},
               {"match": {"left": {"payload": {"protocol": "weird proto", "field": "sport"}}, "right": 22.5}},
               {"match": {"left": {"payload": {"protocol": "ip", "field": "protocol"}}, "right": 6}},
               {"match": {"left": {"payload": {"protocol": "ip6", "field": "nexthdr"}, "meta": {"key": "iif"}}, "right": "\u212Aa"}},
               {"match": {"op": "!=", "left": {"meta": {"key": "oif"}}, "right": "e\u0000th"}},
               {"match": {"left": {"meta": {"key": "iifname"}}, "right": true}},
               {"jump": "nowhere"}, {"goto": {"target": "d"}}, {"xt": {"type": "target", "name": "LOG"}},
               {"queue": {"num": 1}}, {"mangle": {"key": {"meta": {"key": "mark"}}, "value": 1}}
             ]}},
             {"rule": {"family": "inet", "table": "t", "chain": "c", "comment": "dup", "comment": "last", "expr": [{"drop": null}], "expr": [{"return": null}]}},
             {"rule": {"family": "in et", "table": "t t", "chain": "c", "expr": [{"match": {"left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": "@BAD@"}}]}},
             {"rule": {"family": "inet", "table": "t", "chain": "nochain", "expr": [{"continue": null}]}},
             {"rule": {"family": "inet", "table": "t", "chain": "c", "expr": {}}},
             {"rule": {"family": "inet", "table": "t", "expr": []}}
            ]}
            """.Split("@BAD@");
        yield return ("NftHostile", new Case("Nftables", null, null, Concat(Text(hostile[0]), [0xFF, 0xFE], Text(hostile[1]))));
    }

    /// <summary>An nft document whose one rule holds an expression of n nested arrays (its containers: n + 6).</summary>
    private static string Nested(int n) =>
        "{\"nftables\": [{\"chain\": {\"family\": \"ip\", \"table\": \"x\", \"name\": \"c\"}}, {\"rule\": {\"family\": \"ip\", \"table\": \"x\", \"chain\": \"c\", \"expr\": [{\"deep\": "
        + new string('[', n) + "1" + new string(']', n) + "}]}}]}";

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
