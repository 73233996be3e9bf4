using System.Net;
using Hospitality.Sync.Ports;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>
/// A full ICE agent (RFC 8445) for one data-channel component, without I/O: the owner hands it
/// every STUN datagram (<see cref="HandleStun"/>; demultiplexed by first byte, RFC 9443), calls
/// <see cref="HandleTimers"/> once <see cref="NextTimerTimestamp"/> has passed, and sends what
/// <c>transmit</c> is handed from the given local endpoint. Checks are paced (Ta) and
/// retransmitted, incoming checks trigger checks back and reveal peer-reflexive candidates (how a
/// Chromium peer hiding behind <c>.local</c> names is reached), role conflicts are settled by
/// tie-breaker (error 487), the controlling side nominates with USE-CANDIDATE, and consent to send
/// is refreshed on the selected pair (RFC 7675).
/// </summary>
internal sealed class IceAgent
{
    private readonly IceAgentOptions _options;
    private readonly IceCredentials _local;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly Action<ReadOnlyMemory<byte>, IPEndPoint, IPEndPoint> _transmit;
    private readonly List<IceCandidate> _localCandidates = [];
    private readonly List<IPEndPoint> _localBases = [];
    private readonly List<IceCandidate> _hostCandidates = [];
    private readonly List<IceCandidate> _remoteCandidates = [];
    private readonly List<IceCandidatePair> _pairs = [];
    private readonly List<Transaction> _transactions = [];
    private readonly Queue<(IceCandidatePair Pair, bool UseCandidate)> _triggered = [];
    private readonly ServerReflexiveGatherer _gatherer;
    private IceCredentials? _remote;
    private IceCandidatePair? _nominating;
    private long? _nextPaced;
    private long? _lastCheckSent;
    private long? _nextConsent;
    private long _lastConsentResponse;
    private bool _everSelected;

    public IceAgent(IceAgentOptions options, IceCredentials local, IceRole role, TimeProvider time, IRandomSource random, Action<ReadOnlyMemory<byte>, IPEndPoint, IPEndPoint> transmit)
    {
        this._options = options;
        this._local = local;
        this._time = time;
        this._random = random;
        this._transmit = transmit;
        Role = role;
        TieBreaker = random.NextUInt64();
        _gatherer = new ServerReflexiveGatherer(options, time, random, transmit);
    }

    public IceRole Role { get; private set; }

    public ulong TieBreaker { get; }

    public IceConnectionState State { get; private set; }

    public IceCandidatePair? SelectedPair { get; private set; }

    public IReadOnlyList<IceCandidatePair> Pairs => _pairs;

    public IReadOnlyList<IceCandidate> LocalCandidates => _localCandidates;

    /// <summary>Remote candidates: signalled ones and peer-reflexive ones learned from checks.</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates => _remoteCandidates;

    /// <summary>True while a STUN server has yet to answer (or time out) for server-reflexive candidates.</summary>
    public bool IsGathering => _gatherer.IsGathering;

    public long? NextTimerTimestamp
    {
        get
        {
            long? next = _transactions.Count == 0 ? null : _transactions.Min(t => t.NextRetransmit);
            foreach (var candidate in new[] { _nextPaced, _nextConsent, _gatherer.NextTimerTimestamp })
            {
                if (candidate is { } c && (next is null || c < next))
                {
                    next = c;
                }
            }

            return next;
        }
    }

    public event Action<IceConnectionState>? StateChanged;

    public event Action<IceCandidatePair>? SelectedPairChanged;

    /// <summary>A local candidate found after the description was written (server-reflexive), to trickle to the peer.</summary>
    public event Action<IceCandidate>? LocalCandidateGathered;

    /// <summary>Asks a STUN server for each local base's public address; answers arrive as <see cref="LocalCandidateGathered"/>.</summary>
    public void AddStunServer(IPEndPoint server)
    {
        foreach (var localBase in _localBases)
        {
            _gatherer.Start(localBase, server);
        }
    }

    /// <summary>Adds a local host address (a bound socket) and returns its candidate, for the SDP or to trickle.</summary>
    public IceCandidate AddLocalHost(IPEndPoint endPoint)
    {
        var candidate = new IceCandidate
        {
            Foundation = ((uint)_localBases.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Priority = IceCandidate.ComputePriority(IceCandidateType.Host, 65535 - _localBases.Count),
            Address = endPoint.Address.ToString(),
            Port = endPoint.Port,
            Type = IceCandidateType.Host,
        };
        _localBases.Add(endPoint);
        _hostCandidates.Add(candidate);
        _localCandidates.Add(candidate);
        foreach (var remoteCandidate in _remoteCandidates)
        {
            Pair(endPoint, candidate.Priority, remoteCandidate);
        }

        return candidate;
    }

    /// <summary>The peer's ufrag and password, from its description; checks can start once they are known.</summary>
    public void SetRemoteCredentials(IceCredentials credentials)
    {
        _remote = credentials;
        StartChecking();
    }

    /// <summary>
    /// Adds a signalled (or trickled) remote candidate. UDP only; <c>.local</c> names are not
    /// resolved here, since the peer's checks reveal its address anyway. Returns whether it was used.
    /// </summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        if (candidate.Transport != "udp" || candidate.Component != 1 || candidate.IpAddress is not { } address)
        {
            return false;
        }

        var endPoint = new IPEndPoint(address, candidate.Port);
        if (_remoteCandidates.Any(c => c.IpAddress is { } known && new IPEndPoint(known, c.Port).Equals(endPoint)))
        {
            return false;
        }

        _remoteCandidates.Add(candidate);
        for (var i = 0; i < _localBases.Count; i++)
        {
            Pair(_localBases[i], _hostCandidates[i].Priority, candidate);
        }

        StartChecking();
        return true;
    }

    public void Close()
    {
        _transactions.Clear();
        _triggered.Clear();
        _nextPaced = _nextConsent = null;
        SetState(IceConnectionState.Closed);
    }

    /// <summary>Handles one STUN datagram that arrived on <paramref name="receivedOn"/> from <paramref name="from"/>; anything malformed or unauthenticated is dropped.</summary>
    public void HandleStun(ReadOnlySpan<byte> datagram, IPEndPoint receivedOn, IPEndPoint from)
    {
        if (State == IceConnectionState.Closed || !StunMessage.TryDecode(datagram, out var message, out _) || message.Type.Method != StunMethod.Binding)
        {
            return;
        }

        switch (message.Type.Class)
        {
            case StunClass.Request:
                OnRequest(message, receivedOn, from);
                break;
            case StunClass.SuccessResponse or StunClass.ErrorResponse:
                if (_gatherer.TryTake(message, receivedOn, from, out var localBase, out var mapped))
                {
                    OnServerReflexive(localBase!, mapped);
                }
                else
                {
                    OnResponse(message, receivedOn, from);
                }

                break;
            default:
                break;
        }

        ArmChecks();
    }

    public void HandleTimers()
    {
        var now = _time.GetTimestamp();
        RetransmitDue(now);
        _gatherer.RetransmitDue(now);
        if (_nextPaced <= now)
        {
            _nextPaced = null;
            SendNextCheck(now);
        }

        if (_nextConsent <= now && SelectedPair is { } selected)
        {
            SendCheck(selected, useCandidate: false, consent: true);
            var jitter = 0.8 + (0.4 * _random.NextDouble());
            _nextConsent = now + Ticks(_options.ConsentInterval * jitter);
        }

        if (SelectedPair is not null)
        {
            var silent = _time.GetElapsedTime(_lastConsentResponse, now);
            if (silent >= _options.ConsentTimeout)
            {
                SelectedPair = null;
                _transactions.Clear();
                _nextPaced = _nextConsent = null;
                SetState(IceConnectionState.Failed);
            }
            else if (silent >= _options.DisconnectedAfter)
            {
                SetState(IceConnectionState.Disconnected);
            }
        }

        ArmChecks();
    }

    private void OnRequest(StunMessage request, IPEndPoint receivedOn, IPEndPoint from)
    {
        // USERNAME is "ourUfrag:theirUfrag" and the HMAC is keyed with our password (RFC 8445 section 7.3).
        if (request.Username is not { } username || !username.StartsWith(_local.Ufrag + ":", StringComparison.Ordinal)
            || !request.VerifyMessageIntegrity(StunMessage.ShortTermKey(_local.Password)) || !_localBases.Contains(receivedOn))
        {
            return;
        }

        if (request.UnrecognizedRequiredAttributes.Count > 0)
        {
            Reply(request, receivedOn, from, StunErrorCode.UnknownAttribute, request.UnrecognizedRequiredAttributes);
            return;
        }

        // Role conflict (RFC 8445 section 7.3.1.1): the larger tie-breaker keeps its role.
        if (Role == IceRole.Controlling && request.IceControlling is { } theirsControlling)
        {
            if (TieBreaker >= theirsControlling)
            {
                Reply(request, receivedOn, from, StunErrorCode.RoleConflict, []);
                return;
            }

            SwitchRole(IceRole.Controlled);
        }
        else if (Role == IceRole.Controlled && request.IceControlled is { } theirsControlled)
        {
            if (TieBreaker < theirsControlled)
            {
                Reply(request, receivedOn, from, StunErrorCode.RoleConflict, []);
                return;
            }

            SwitchRole(IceRole.Controlling);
        }

        _transmit(new StunMessage
        {
            Type = StunMessageType.BindingSuccess,
            TransactionId = request.TransactionId,
            XorMappedAddress = from,
        }.Encode(StunMessage.ShortTermKey(_local.Password)), receivedOn, from);

        var pair = _pairs.FirstOrDefault(p => p.Local.Equals(receivedOn) && p.Remote.Equals(from)) ?? LearnPeerReflexive(receivedOn, from, request.Priority);
        if (pair is null)
        {
            return;
        }

        if (request.UseCandidate && Role == IceRole.Controlled)
        {
            pair.Nominated = true;
            if (pair.State == IceCandidatePairState.Succeeded)
            {
                Select(pair);
                return;
            }
        }

        // A triggered check answers the peer's check on the same pair, ahead of the ordinary ones (section 7.3.1.4).
        // A check already in progress is cancelled, not failed: its answer still counts, but a fresh one goes now.
        if (pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.Failed or IceCandidatePairState.InProgress)
        {
            foreach (var pending in _transactions.Where(t => t.Pair == pair && !t.Consent))
            {
                pending.Cancelled = true;
            }

            pair.State = IceCandidatePairState.Waiting;
            if (!_triggered.Any(t => t.Pair == pair))
            {
                _triggered.Enqueue((pair, false));
            }

            // The peer is reachable after all: checking resumes if everything had failed before a pair was ever selected.
            if (State == IceConnectionState.Failed && !_everSelected)
            {
                SetState(IceConnectionState.Checking);
            }
        }
    }

    private void OnResponse(StunMessage response, IPEndPoint receivedOn, IPEndPoint from)
    {
        var transaction = _transactions.FirstOrDefault(t => t.Id == response.TransactionId);
        if (transaction is null || _remote is null || !response.VerifyMessageIntegrity(StunMessage.ShortTermKey(_remote.Password)))
        {
            return;
        }

        _transactions.Remove(transaction);
        var pair = transaction.Pair;

        // A response from elsewhere than the request went fails the pair: the path is not symmetric (section 7.2.5.2.1).
        if (!from.Equals(pair.Remote) || !receivedOn.Equals(pair.Local))
        {
            pair.State = IceCandidatePairState.Failed;
            return;
        }

        if (response.Type.Class == StunClass.ErrorResponse)
        {
            if (response.ErrorCode?.Code == StunErrorCode.RoleConflict.Code)
            {
                SwitchRole(transaction.SentAsControlling ? IceRole.Controlled : IceRole.Controlling);
                pair.State = pair.State == IceCandidatePairState.Succeeded ? pair.State : IceCandidatePairState.Waiting;
                _triggered.Enqueue((pair, false));
            }
            else if (!transaction.Consent)
            {
                pair.State = IceCandidatePairState.Failed;
            }

            return;
        }

        if (pair == SelectedPair)
        {
            _lastConsentResponse = _time.GetTimestamp();
            if (State == IceConnectionState.Disconnected)
            {
                SetState(IceConnectionState.Connected);
            }
        }

        if (transaction.Consent)
        {
            return;
        }

        pair.State = IceCandidatePairState.Succeeded;
        if (transaction.UseCandidate || (Role == IceRole.Controlled && pair.Nominated))
        {
            pair.Nominated = true;
            Select(pair);
        }
        else if (Role == IceRole.Controlling && _nominating is null && SelectedPair is null)
        {
            // Regular nomination (section 8.1.1): once a pair works, check it again with USE-CANDIDATE.
            _nominating = pair;
            _triggered.Enqueue((pair, true));
        }
    }

    /// <summary>
    /// A server told us a base's public address. Pairs stay on the base (a server-reflexive
    /// candidate sends from its base, RFC 8445 section 6.1.2.4), so it only needs signalling.
    /// </summary>
    private void OnServerReflexive(IPEndPoint localBase, IPEndPoint? mapped)
    {
        if (mapped is null || mapped.Equals(localBase) || _localCandidates.Any(c => c.Address == mapped.Address.ToString() && c.Port == mapped.Port))
        {
            return;
        }

        var index = _localBases.IndexOf(localBase);
        var candidate = new IceCandidate
        {
            Foundation = "srflx" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Priority = IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, 65535 - index),
            Address = mapped.Address.ToString(),
            Port = mapped.Port,
            Type = IceCandidateType.ServerReflexive,
            RelatedAddress = localBase.Address.ToString(),
            RelatedPort = localBase.Port,
        };
        _localCandidates.Add(candidate);
        LocalCandidateGathered?.Invoke(candidate);
    }

    private IceCandidatePair? LearnPeerReflexive(IPEndPoint receivedOn, IPEndPoint from, uint? priority)
    {
        var candidate = new IceCandidate
        {
            Foundation = "prflx" + _remoteCandidates.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Priority = priority ?? IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65535),
            Address = from.Address.ToString(),
            Port = from.Port,
            Type = IceCandidateType.PeerReflexive,
        };
        _remoteCandidates.Add(candidate);
        var index = _localBases.IndexOf(receivedOn);
        return Pair(receivedOn, _hostCandidates[index].Priority, candidate);
    }

    private IceCandidatePair? Pair(IPEndPoint localBase, uint localPriority, IceCandidate remoteCandidate)
    {
        var remoteEndPoint = new IPEndPoint(remoteCandidate.IpAddress!, remoteCandidate.Port);
        if (_pairs.Count >= _options.PairsMax || localBase.AddressFamily != remoteEndPoint.AddressFamily)
        {
            return null;
        }

        var pair = new IceCandidatePair(localBase, remoteEndPoint, localPriority, remoteCandidate.Priority);
        _pairs.Add(pair);
        return pair;
    }

    private void StartChecking()
    {
        if (_remote is not null && _pairs.Count > 0 && State == IceConnectionState.New)
        {
            SetState(IceConnectionState.Checking);
        }

        ArmChecks();
    }

    /// <summary>Schedules the next paced check, Ta after the last one, if there is something to check and none is scheduled.</summary>
    private void ArmChecks()
    {
        if (_nextPaced is null && _remote is not null && State is not (IceConnectionState.Closed or IceConnectionState.Failed)
            && (_triggered.Count > 0 || (SelectedPair is null && _pairs.Any(p => p.State == IceCandidatePairState.Waiting))))
        {
            var now = _time.GetTimestamp();
            _nextPaced = _lastCheckSent is { } last ? Math.Max(now, last + Ticks(_options.Pacing)) : now;
        }
    }

    private void SendNextCheck(long now)
    {
        if (_remote is null)
        {
            return;
        }

        (IceCandidatePair Pair, bool UseCandidate)? next = _triggered.Count > 0 ? _triggered.Dequeue() : null;
        if (next is null && SelectedPair is null)
        {
            var ordinary = _pairs.Where(p => p.State == IceCandidatePairState.Waiting).OrderByDescending(p => p.Priority(Role)).FirstOrDefault();
            next = ordinary is null ? null : (ordinary, false);
        }

        if (next is { } check)
        {
            SendCheck(check.Pair, check.UseCandidate, consent: false);
            _lastCheckSent = now;
        }
    }

    private void RetransmitDue(long now)
    {
        foreach (var transaction in _transactions.Where(t => t.NextRetransmit <= now).ToArray())
        {
            if (transaction.Transmissions >= _options.CheckTransmissionsMax || transaction.Cancelled)
            {
                // A cancelled check waits one timeout for a late answer, then goes quietly; an unanswered one fails its pair.
                if (transaction.Cancelled && transaction.Transmissions < _options.CheckTransmissionsMax)
                {
                    transaction.Transmissions = _options.CheckTransmissionsMax;
                    transaction.NextRetransmit = now + Ticks(transaction.Rto);
                    continue;
                }

                _transactions.Remove(transaction);

                // An unanswered nomination on a working pair is simply tried again; giving up would leave nothing selected.
                if (transaction.UseCandidate && !transaction.Cancelled && transaction.Pair.State == IceCandidatePairState.Succeeded
                    && SelectedPair is null && Role == IceRole.Controlling)
                {
                    _triggered.Enqueue((transaction.Pair, true));
                    continue;
                }

                if (!transaction.Consent && !transaction.Cancelled && transaction.Pair.State != IceCandidatePairState.Succeeded)
                {
                    transaction.Pair.State = IceCandidatePairState.Failed;
                    if (transaction.Pair == _nominating)
                    {
                        _nominating = null;
                    }
                }

                continue;
            }

            _transmit(transaction.Request, transaction.Pair.Local, transaction.Pair.Remote);
            transaction.Transmissions++;

            // Each wait doubles; after the last transmission the agent waits Rm = 16 initial RTOs (RFC 8489 section 6.2.1).
            transaction.Rto = transaction.Transmissions == _options.CheckTransmissionsMax ? _options.CheckRtoInitial * 16 : transaction.Rto * 2;
            transaction.NextRetransmit = now + Ticks(transaction.Rto);
        }

        if (State == IceConnectionState.Checking && SelectedPair is null && _transactions.Count == 0 && _triggered.Count == 0
            && _pairs.Count > 0 && _pairs.All(p => p.State == IceCandidatePairState.Failed))
        {
            SetState(IceConnectionState.Failed);
        }
    }

    private void SendCheck(IceCandidatePair pair, bool useCandidate, bool consent)
    {
        var localIndex = _localBases.IndexOf(pair.Local);
        var request = new StunMessage
        {
            Type = StunMessageType.BindingRequest,
            TransactionId = StunTransactionId.New(_random),
            Username = _remote!.Ufrag + ":" + _local.Ufrag,

            // The priority a peer-reflexive candidate of ours would have, should this check reveal one (section 7.2.2).
            Priority = IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65535 - localIndex),
            IceControlling = Role == IceRole.Controlling ? TieBreaker : null,
            IceControlled = Role == IceRole.Controlled ? TieBreaker : null,
            UseCandidate = useCandidate && Role == IceRole.Controlling,
        };
        var bytes = request.Encode(StunMessage.ShortTermKey(_remote.Password));
        if (!consent && pair.State != IceCandidatePairState.Succeeded)
        {
            pair.State = IceCandidatePairState.InProgress;
        }

        _transactions.Add(new Transaction(request.TransactionId, pair, bytes, useCandidate, consent, Role == IceRole.Controlling)
        {
            Rto = _options.CheckRtoInitial,
            NextRetransmit = _time.GetTimestamp() + Ticks(_options.CheckRtoInitial),
        });
        _transmit(bytes, pair.Local, pair.Remote);
    }

    private void Reply(StunMessage request, IPEndPoint receivedOn, IPEndPoint from, StunErrorCode error, IReadOnlyList<ushort> unknown) =>
        _transmit(new StunMessage
        {
            Type = StunMessageType.BindingError,
            TransactionId = request.TransactionId,
            ErrorCode = error,
            UnknownAttributes = unknown,
        }.Encode(StunMessage.ShortTermKey(_local.Password)), receivedOn, from);

    private void SwitchRole(IceRole role)
    {
        Role = role;
        if (role == IceRole.Controlled)
        {
            _nominating = null;
            return;
        }

        // Now controlling: a pair that already works is nominated, or nothing would ever be.
        var best = _pairs.Where(p => p.State == IceCandidatePairState.Succeeded).OrderByDescending(p => p.Priority(Role)).FirstOrDefault();
        if (best is not null && SelectedPair is null && _nominating is null)
        {
            _nominating = best;
            _triggered.Enqueue((best, true));
        }
    }

    private void Select(IceCandidatePair pair)
    {
        _nominating = null;
        if (SelectedPair == pair)
        {
            return;
        }

        SelectedPair = pair;
        _everSelected = true;
        _lastConsentResponse = _time.GetTimestamp();
        _nextConsent = _lastConsentResponse + Ticks(_options.ConsentInterval);
        SetState(IceConnectionState.Connected);
        SelectedPairChanged?.Invoke(pair);
    }

    private void SetState(IceConnectionState state)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        StateChanged?.Invoke(state);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private sealed class Transaction(StunTransactionId id, IceCandidatePair pair, byte[] request, bool useCandidate, bool consent, bool sentAsControlling)
    {
        public StunTransactionId Id { get; } = id;

        public IceCandidatePair Pair { get; } = pair;

        public byte[] Request { get; } = request;

        public bool UseCandidate { get; } = useCandidate;

        public bool Consent { get; } = consent;

        public bool SentAsControlling { get; } = sentAsControlling;

        public int Transmissions { get; set; } = 1;

        /// <summary>Superseded by a triggered check: no more retransmissions, and no failure if unanswered.</summary>
        public bool Cancelled { get; set; }

        public TimeSpan Rto { get; set; }

        public long NextRetransmit { get; set; }
    }
}
