using System.CommandLine;
using System.Text;
using SecurityAgent.LocalHub.Messages;

namespace SecurityAgent.Cli;

/// <summary><c>security-agent messages</c>: lists what the embedded local hub received.</summary>
internal static class MessagesCommand
{
    public static Command Create()
    {
        var data = LocalHubHosting.LocalHubSession.DataOption();
        var limit = new Option<int>("--limit") { Description = "The most messages to print.", DefaultValueFactory = _ => 100 };
        var command = new Command("messages", "Lists the messages the embedded local hub (run --local-hub) received, oldest first, with their properties.")
        {
            data,
            limit,
        };
        command.SetAction(parse => List(parse.GetRequiredValue(data), parse.GetValue(limit), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int List(DirectoryInfo data, int limit, TextWriter output)
    {
        var messages = MessageArchive.Read(Path.Combine(data.FullName, "hub"), new MessageQuery { Limit = limit });
        foreach (var message in messages)
        {
            var properties = string.Join(' ', message.Properties.Select(p => $"{p.Key}={p.Value}"));
            output.WriteLine($"#{message.Sequence} {message.EnqueuedUtc:O} {message.DeviceId}/{message.ModuleId} {properties}");
            output.WriteLine(Encoding.UTF8.GetString(message.Body));
        }
        output.WriteLine($"{messages.Count} message(s) in {data.FullName}");
        return ExitCodes.Success;
    }
}
