using Microsoft.Extensions.Hosting;

namespace SecurityAgent.LocalHub.Rest;

/// <summary>
/// A host lifetime that ignores console signals: the embedding process owns Ctrl+C and SIGTERM and
/// stops the hub by disposing it (the default console lifetime would wait for Main to return).
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
