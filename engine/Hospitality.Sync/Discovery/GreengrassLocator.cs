namespace Hospitality.Sync.Discovery;

/// <summary>
/// Finds this property's Greengrass among the sync services the querier sees. A service that
/// names another property is refused (a rogue responder, or a neighbour's server on a shared
/// segment) and counted; the first one of our property is taken until it goes.
/// </summary>
public sealed class GreengrassLocator
{
    private readonly MdnsQuerier _querier;
    private readonly string _propertyId;
    private readonly HashSet<string> _refused = new(StringComparer.OrdinalIgnoreCase);

    public GreengrassLocator(MdnsQuerier querier, string propertyId)
    {
        ArgumentNullException.ThrowIfNull(querier);
        _querier = querier;
        _propertyId = propertyId;
        querier.ServiceFound += OnFound;
        querier.ServiceLost += OnLost;
        querier.Browse(HospitalityServices.SyncServiceType);
        foreach (var service in querier.Services)
        {
            OnFound(service);
        }
    }

    /// <summary>This property's Greengrass, or null while none is seen.</summary>
    public DiscoveredService? Current { get; private set; }

    /// <summary>Distinct sync services refused for naming another property or role.</summary>
    public int Refused => _refused.Count;

    /// <summary>Raised with the new Greengrass (null: none any more).</summary>
    public event Action<DiscoveredService?>? Changed;

    /// <summary>
    /// Whether a Greengrass this locator gave answers now (its health, or a live session that heard it): while
    /// it does, mDNS need not keep its records fresh, and once it stops they are asked for again (<see cref="MdnsQuerier.Connected"/>).
    /// </summary>
    public void Reached(DiscoveredService greengrass, bool answers)
    {
        ArgumentNullException.ThrowIfNull(greengrass);
        if (answers)
        {
            _querier.Connected(greengrass);
        }
        else
        {
            _querier.Disconnected(greengrass);
        }
    }

    private void OnFound(DiscoveredService service)
    {
        if (!service.ServiceType.Equals(HospitalityServices.SyncServiceType, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!HospitalityServices.IsGreengrassOf(service, _propertyId))
        {
            _refused.Add(service.InstanceName);
            return;
        }

        if (Current is null)
        {
            Current = service;
            Changed?.Invoke(service);
        }
    }

    private void OnLost(DiscoveredService service)
    {
        if (Current is null || !Current.Equivalent(service))
        {
            return;
        }

        Current = _querier.Services.FirstOrDefault(other => HospitalityServices.IsGreengrassOf(other, _propertyId));
        Changed?.Invoke(Current);
    }
}
