// Each test drives a browser or a Node process on a 2-core machine: one at a time keeps them from starving each other's timers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
