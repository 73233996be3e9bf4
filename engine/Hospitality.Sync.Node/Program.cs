using Hospitality.Sync.Node;
using Hospitality.Sync.Node.Access;
using Hospitality.Sync.Node.Load;

// "hotel-node load ..." measures a Greengrass under devices (README: Load); "key" and "token" mint
// access credentials (README: Access); anything else runs a node.
return args switch
{
    ["load", .. var load] => await LoadRun.RunAsync(load),
    ["key"] => TokenCommand.Key(Console.Out),
    ["token", .. var token] => TokenCommand.Token(token, Console.Out, Console.Error),
    _ => await HotelNodeApp.RunAsync(args),
};
