using Hospitality.Sync.Node;
using Hospitality.Sync.Node.Load;

// "hotel-node load ..." measures a Greengrass under devices (README: Load); anything else runs a node.
return args is ["load", .. var load] ? await LoadRun.RunAsync(load) : await HotelNodeApp.RunAsync(args);
