using Hospitality.Sync.Node;

return await HotelNodeApp.RunAsync(args);
