using SecurityAgent.Core.Events;

namespace SecurityAgent.Core.Aggregation;

/// <summary>One identity key of an aggregator: the first raw item of the window and its hit count.</summary>
internal sealed class AggregationEntry(PayloadItem first)
{
    public PayloadItem First { get; } = first;

    public long Hits { get; set; } = 1;
}
