namespace Hospitality.Reports.Model;

/// <summary>
/// One kind of queue at one place over the run (e.g. "Wi-Fi access point queue" of "device: wifi",
/// "processor" of "greengrass, live fan-out"): how many went through it, how long each waited there,
/// and how long it was then served (null where nothing serves: a wait only), in one <see cref="QueuePeriod"/>.
/// </summary>
public sealed record QueueReport(string Queue, string Where, long Count, TimePercentiles Wait, TimePercentiles? Service, QueuePeriod Period = QueuePeriod.WholeRun);
