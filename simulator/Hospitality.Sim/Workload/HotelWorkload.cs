using System.Globalization;
using System.Text.Json;
using Bogus;
using Hospitality.Sim.Checks;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Workload;

/// <summary>
/// Staff at work on their devices: each activity of each property (check-outs, check-ins,
/// bookings, cleaning, repairs, stock) is a Poisson process whose daily count scales with the
/// rooms, shaped by its daily rhythm (check-outs in the morning, housekeeping midday, check-ins
/// late afternoon), and done on a device of the kind that does that work. Actions follow the hotel's state: a check-out dirties the room and
/// opens a cleaning task, housekeeping cleans it, a check-in occupies it. Now and then a second
/// device edits the same room at the same instant. Every acknowledged write goes to the oracle.
/// It is the world's game component for its staff: added to the world before it runs, it puts each
/// step's actions on the calendar in <see cref="IGameComponent.Update"/>.
/// </summary>
public sealed class HotelWorkload : IGameComponent
{
    private readonly HotelChainWorld _world;
    private readonly WorkloadSpec _spec;
    private readonly ConvergenceOracle _oracle;
    private readonly SimRandom _random;
    private readonly Faker _faker;
    private readonly List<PropertyState> _properties = [];
    private readonly List<ActivityStream> _streams = [];
    private SimTime _plannedUntil;
    private readonly Dictionary<string, int> _initialHeld = new(StringComparer.Ordinal);
    private readonly List<Document> _preloaded = [];

    public HotelWorkload(HotelChainWorld world, WorkloadSpec spec, ConvergenceOracle oracle, SimRandom random)
    {
        _world = world;
        _spec = spec;
        _oracle = oracle;
        _random = random;
        _faker = new Faker("en") { Random = new Randomizer((int)(random.NextUInt64() & int.MaxValue)) };
        var today = world.Simulation.Clock.GetUtcNow();
        for (var p = 0; p < world.Properties.Count; p++)
        {
            _properties.Add(new PropertyState(world.Properties[p], new HotelDataset(HotelChainWorld.PropertyId(p + 1), spec, (int)(random.NextUInt64() & int.MaxValue), today)));
        }
    }

    /// <summary>Writes acknowledged to their writers (preload excluded).</summary>
    public long Writes { get; private set; }

    /// <summary>When each device first held every preloaded document (initial sync), in virtual seconds from the start.</summary>
    public Dictionary<string, double> InitialSyncSeconds { get; } = new(StringComparer.Ordinal);

    /// <summary>Raised once, when the last device's initial sync completes (inside the event that completed it).</summary>
    public event Action? InitialSyncsDone;

    /// <summary>Preloads every property's data on the cloud and watches every device's initial sync, before the world runs.</summary>
    public void Preload()
    {
        foreach (var property in _properties)
        {
            foreach (var (collection, id, body) in property.Data.Documents)
            {
                var written = _world.Cloud.Write(collection, id, body).Document;
                _oracle.Acknowledged(written);
                _preloaded.Add(written);
            }
        }

        var expectation = new Checks.ScopeExpectation(_preloaded);
        foreach (var tablet in _properties.SelectMany(property => property.Property.Tablets))
        {
            WatchInitialSync(tablet, expectation);
        }
    }

    /// <summary>The staff start: each activity's first candidate is drawn, and the first step planned.</summary>
    void IGameComponent.Initialize(SimulationGame game)
    {
        foreach (var property in _properties)
        {
            foreach (var activity in Enum.GetValues<HotelActivity>())
            {
                var peak = PeakPerSecond(property, activity) * (IsBursting(activity) ? Math.Max(1, _spec.BurstFactor) : 1);
                if (peak > 0)
                {
                    _streams.Add(new ActivityStream(property, activity, peak, _world.Simulation.Now + Gap(peak)));
                }
            }
        }

        Plan(_world.Simulation.Now + game.Step);
    }

    /// <summary>The staff plan the coming step: the actions due in it go on the calendar, each at its own instant.</summary>
    void IGameComponent.Update(SimTime time) => Plan(time + _world.Step);

    /// <summary>The staff's work shows in the nodes' frames (outboxes, traffic), which the nodes draw.</summary>
    void IGameComponent.Draw(FrameLog frames)
    {
    }

    private void WatchInitialSync(Tablet tablet, Checks.ScopeExpectation expectation)
    {
        // A device's initial sync is its property's data, its guests and the chain-wide documents, not the chain's.
        var expected = expectation.HeldBy(tablet.Scope);

        void OnChanged(WorldNode node, IReadOnlyList<StoredChange> changes)
        {
            if (InitialSyncSeconds.ContainsKey(tablet.Name))
            {
                return;
            }

            var held = _initialHeld.GetValueOrDefault(tablet.Name) + changes.Count(change => change.Document.OriginNode == HotelChainWorld.CloudHostName);
            _initialHeld[tablet.Name] = held;
            if (held >= expected)
            {
                InitialSyncSeconds[tablet.Name] = _world.Simulation.Now.TotalSeconds;
                if (InitialSyncSeconds.Count == _properties.Sum(property => property.Property.Tablets.Count))
                {
                    InitialSyncsDone?.Invoke();
                }
            }
        }

        tablet.Stored += OnChanged;
    }

    // Candidates arrive at the activity's peak rate (times any burst); each happens with the rate it
    // has when it comes (thinning). The step paces the planning, not the instants: a candidate draws
    // its successor's gap when it comes, in the order the random stream has always been read.
    private void Plan(SimTime until)
    {
        _plannedUntil = until;
        foreach (var stream in _streams)
        {
            if (!stream.Planned && stream.Next < until)
            {
                Schedule(stream);
            }
        }
    }

    private void Schedule(ActivityStream stream)
    {
        stream.Planned = true;
        _world.Simulation.At(stream.Next, () =>
        {
            stream.Planned = false;
            if (_random.Chance(PeakPerSecond(stream.Property, stream.Activity) * Intensity(stream.Activity) / stream.PeakPerSecond))
            {
                Act(stream.Property, stream.Activity);
            }

            stream.Next += Gap(stream.PeakPerSecond);
            if (stream.Next < _plannedUntil)
            {
                Schedule(stream); // due within the step already planned
            }
        });
    }

    private TimeSpan Gap(double perSecond) => TimeSpan.FromSeconds(_random.NextExponential() / perSecond);

    private double PeakPerSecond(PropertyState property, HotelActivity activity) =>
        _spec.PerRoomPerDay.GetValueOrDefault(activity) * property.Data.Rooms.Count / (_spec.DailyRhythm ? RhythmHours[activity] : 24) / 3600;

    private double Intensity(HotelActivity activity)
    {
        var elapsed = _world.Simulation.Now.Elapsed;
        var level = _spec.DailyRhythm ? DailyRhythm.Intensity(activity, (_spec.StartTime + elapsed).TotalHours) : 1;
        return level * (IsBursting(activity) && elapsed >= _spec.BurstAt && elapsed < _spec.BurstAt + _spec.BurstFor ? _spec.BurstFactor : 1);
    }

    private static bool IsBursting(HotelActivity activity) => activity is HotelActivity.CheckIn or HotelActivity.Reservation;

    // How many peak-rate hours each activity's day amounts to: its daily count spreads over the rhythm.
    private static readonly Dictionary<HotelActivity, double> RhythmHours = Enum.GetValues<HotelActivity>().ToDictionary(
        activity => activity,
        activity => Enumerable.Range(0, 24 * 60).Sum(minute => DailyRhythm.Intensity(activity, minute / 60.0)) / 60);

    private void Act(PropertyState property, HotelActivity activity)
    {
        var kinds = DeviceKinds.DoneOn(activity);
        var able = property.Property.Tablets.Where(tablet => tablet.Host.IsUp && kinds.Contains(tablet.Kind)).ToList();
        if (able.Count == 0)
        {
            // A small hotel without that kind of device: whoever is at hand does it.
            able = property.Property.Tablets.Where(tablet => tablet.Host.IsUp).ToList();
        }

        if (able.Count == 0)
        {
            return; // every device of the property is down: the work waits for paper and pen
        }

        var tablet = able[_random.Next(able.Count)];
        foreach (var (collection, id, body) in property.Perform(activity, _faker, _random, _properties))
        {
            Write(tablet, collection, id, body);
            if (collection == "rooms" && _random.Chance(_spec.Concurrency))
            {
                // Someone else touches the same room at the same moment (a supervisor, another housekeeper).
                var other = property.Property.Tablets[_random.Next(property.Property.Tablets.Count)];
                if (other != tablet && other.Host.IsUp)
                {
                    Write(other, collection, id, property.RoomBody(id, _faker.PickRandom("inspected", "clean", "dirty"), "checked by supervisor"));
                }
            }
        }
    }

    private void Write(Tablet tablet, string collection, string id, string body)
    {
        try
        {
            _oracle.Acknowledged(tablet.Replica.Write(collection, id, body).Document);
            Writes++;
        }
        catch (StoreException)
        {
            // Not acknowledged, so not owed: the writer saw it fail.
        }
        catch (DocumentValidationException exception)
        {
            throw new InvalidOperationException($"The workload wrote a document its schema refuses: {exception.Message}", exception);
        }
    }

    /// <summary>One activity of one property: candidates at its peak rate, the next one due at <see cref="Next"/>.</summary>
    private sealed class ActivityStream(PropertyState property, HotelActivity activity, double peakPerSecond, SimTime next)
    {
        public PropertyState Property { get; } = property;

        public HotelActivity Activity { get; } = activity;

        public double PeakPerSecond { get; } = peakPerSecond;

        public SimTime Next { get; set; } = next;

        /// <summary>The candidate at <see cref="Next"/> is on the kernel's calendar.</summary>
        public bool Planned { get; set; }
    }

    /// <summary>What the staff of one property believe the hotel's state is, and the writes each action makes.</summary>
    private sealed class PropertyState(Property property, HotelDataset data)
    {
        /// <summary>The share of a chain's booking candidates that transfer a booked stay to another property instead.</summary>
        private const double TransferShare = 0.1;

        private readonly Queue<(string Id, string RoomId)> _cleaning = new();
        private int _tasks;
        private int _guests = data.Reservations.Count;

        public Property Property { get; } = property;

        public HotelDataset Data { get; } = data;

        public string RoomBody(string roomId, string status, string? notes)
        {
            var room = Data.Rooms.First(each => each.Id == roomId);
            room.Status = status;
            return room.Body(null, notes);
        }

        /// <summary>The property's id, which its property-scoped documents carry.</summary>
        public string Id { get; } = HotelChainWorld.PropertyId(property.Number);

        public IEnumerable<(string Collection, string Id, string Body)> Perform(HotelActivity activity, Faker faker, SimRandom random, IReadOnlyList<PropertyState> chain)
        {
            switch (activity)
            {
                case HotelActivity.Reservation when chain.Count > 1 && random.Chance(TransferShare) && Data.Reservations.LastOrDefault(each => each.Status == "booked") is { } moving:
                    // Use case 3's guest transfer: the stay moves to another property of the chain, whose
                    // replicas take it while this property's drop it. Neither property's staff touch it
                    // again in the run: the new one could otherwise write it before the transfer reached
                    // the cloud, which the cloud rightly refuses as a write into this property's stay.
                    var to = chain[(Property.Number + random.Next(chain.Count - 1)) % chain.Count];
                    moving.MovedFrom = Id;
                    moving.Property = to.Id;
                    Data.Reservations.Remove(moving);
                    var transferred = moving.Body(ConfirmationOf(moving), $"transferred from {Id}");
                    moving.MovedFrom = null;
                    yield return ("reservations", moving.Id, transferred);
                    break;
                case HotelActivity.CheckOut when Data.Reservations.FirstOrDefault(each => each.Status == "checked-in" && each.RoomId is not null) is { } leaving:
                    leaving.Status = "checked-out";
                    yield return ("reservations", leaving.Id, leaving.Body(ConfirmationOf(leaving), null));
                    yield return ("rooms", leaving.RoomId!, RoomBody(leaving.RoomId!, "dirty", null));
                    var task = $"{leaving.RoomId}-task-{++_tasks}";
                    _cleaning.Enqueue((task, leaving.RoomId!));
                    yield return ("housekeeping", task, Task(task, leaving.RoomId!, "departure-clean", "pending", random));
                    break;
                case HotelActivity.CheckIn when Data.Reservations.FirstOrDefault(each => each.Status == "booked") is { } arriving
                    && Data.Rooms.FirstOrDefault(room => room.Status is "clean" or "available" or "inspected") is { } free:
                    arriving.Status = "checked-in";
                    arriving.RoomId = free.Id;
                    yield return ("reservations", arriving.Id, arriving.Body(ConfirmationOf(arriving), null));
                    yield return ("rooms", free.Id, RoomBody(free.Id, "occupied", null));
                    break;
                case HotelActivity.Housekeeping when _cleaning.Count > 0:
                    var (taskId, roomId) = _cleaning.Dequeue();
                    yield return ("housekeeping", taskId, Task(taskId, roomId, "departure-clean", "completed", random));
                    yield return ("rooms", roomId, RoomBody(roomId, "clean", null));
                    break;
                case HotelActivity.Housekeeping when Data.Rooms.FirstOrDefault(each => each.Status == "occupied" && random.Chance(0.2)) is { } stayover:
                    var stay = $"{stayover.Id}-task-{++_tasks}";
                    yield return ("housekeeping", stay, Task(stay, stayover.Id, "stayover-clean", "completed", random));
                    break;
                case HotelActivity.Housekeeping or HotelActivity.CheckOut or HotelActivity.CheckIn:
                    break; // nobody to clean, to check out or to check in right now
                case HotelActivity.Maintenance:
                    var room = Data.Rooms[random.Next(Data.Rooms.Count)];
                    var broken = room.Status != "out-of-order" && random.Chance(0.5);
                    yield return ("rooms", room.Id, RoomBody(room.Id, broken ? "out-of-order" : "available", broken ? faker.PickRandom("AC not cooling", "leaking tap", "TV no signal", "door lock battery low") : null));
                    break;
                case HotelActivity.Inventory:
                    var item = Data.Inventory[random.Next(Data.Inventory.Count)];
                    item.Quantity = Math.Max(0, item.Quantity + (random.Chance(0.7) ? -random.Next(12) : 40 + random.Next(100)));
                    yield return ("inventory", item.Id, item.Body());
                    break;
                case HotelActivity.Reservation:
                    // A new booking: a guest profile and a reservation for the coming days.
                    var guestId = $"{Property.Building.Name}-guest-{++_guests}";
                    yield return ("guests", guestId, HotelDataset.Guest(faker, guestId));
                    var arrival = DateTimeOffset.UnixEpoch.AddDays(20_454 + random.Next(30));
                    var reservation = new HotelDataset.ReservationState(Id, $"{Property.Building.Name}-res-{_guests}", guestId, arrival, arrival.AddDays(1 + random.Next(5)), "booked", 1 + random.Next(3));
                    Data.Reservations.Add(reservation);
                    yield return ("reservations", reservation.Id, reservation.Body(ConfirmationOf(reservation), null));
                    break;
            }
        }

        private static string ConfirmationOf(HotelDataset.ReservationState reservation) =>
            "HS" + StableHash.Of(reservation.Id).ToString("X16", CultureInfo.InvariantCulture)[..6];

        private string Task(string id, string roomId, string kind, string status, SimRandom random) => JsonSerializer.Serialize(new
        {
            id,
            propertyId = Id,
            roomId,
            kind,
            status,
            priority = random.Chance(0.1) ? "high" : "normal",
            checklist = new[] { "strip beds", "bathroom", "restock amenities", "vacuum" },
        }, HotelDataset.Json);
    }
}
