namespace Hospitality.Sync.Tests.WebRtc.Sdp;

/// <summary>Descriptions in the shapes real peers send for a data channel alone.</summary>
public static class SdpExamples
{
    public const string Fingerprint =
        "sha-256 82:1E:F4:77:79:BF:31:AC:90:F6:0C:91:FB:FE:C5:0A:39:47:63:2E:18:A4:0F:36:7C:53:7A:D2:B8:91:42:A3";

    /// <summary>Chromium's offer after gathering: an mDNS host candidate, session-level BUNDLE, b=AS, extmap-allow-mixed.</summary>
    public const string ChromiumOffer =
        "v=0\r\n" +
        "o=- 2079181553264408257 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0\r\n" +
        "a=extmap-allow-mixed\r\n" +
        "a=msid-semantic: WMS\r\n" +
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "b=AS:30\r\n" +
        "a=candidate:1467250027 1 udp 2113937151 5f0a3c2e-8d1b-4e6f-9a0b-2c4d6e8f0a1b.local 54400 typ host generation 0 network-cost 999\r\n" +
        "a=candidate:842163049 1 udp 1677729535 203.0.113.7 61234 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-cost 999\r\n" +
        "a=ice-ufrag:5xf5\r\n" +
        "a=ice-pwd:RaGh41Km50SazV5xD4cU0KNL\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:" + Fingerprint + "\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=sctp-port:5000\r\n" +
        "a=max-message-size:262144\r\n";

    /// <summary>werift's shape: LF line ends allowed, candidates after the SCTP attributes, end-of-candidates, a loopback host.</summary>
    public const string WeriftOffer =
        "v=0\n" +
        "o=- 480947712 0 IN IP4 0.0.0.0\n" +
        "s=-\n" +
        "t=0 0\n" +
        "a=group:BUNDLE 0\n" +
        "a=extmap-allow-mixed\n" +
        "a=msid-semantic:WMS *\n" +
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\n" +
        "c=IN IP4 0.0.0.0\n" +
        "a=ice-ufrag:c3b4\n" +
        "a=ice-pwd:5a2ecd8b9f3e61f07d0b48c1a9\n" +
        "a=ice-options:trickle\n" +
        "a=fingerprint:sha-256 0B:61:7E:4D:19:8A:3C:B2:F0:55:9E:21:C7:68:D4:03:AA:1F:92:6E:37:C8:B5:0D:E4:79:12:6A:F3:8B:C0:5D\n" +
        "a=setup:actpass\n" +
        "a=sctp-port:5000\n" +
        "a=max-message-size:65536\n" +
        "a=candidate:0d0f5a8d2ebe8bc6a4d35e5f8e4c7c91 1 udp 2130706431 127.0.0.1 50211 typ host\n" +
        "a=candidate:7a8d2c1e9b0f4a3d6e5c8b7a9d0e1f2a 1 udp 2130706431 192.168.1.20 50211 typ host\n" +
        "a=end-of-candidates\n" +
        "a=mid:0\n";

    /// <summary>The legacy form (older Firefox): DTLS/SCTP with the port as format, a=sctpmap, fingerprint at session level.</summary>
    public const string LegacyOffer =
        "v=0\r\n" +
        "o=mozilla...THIS_IS_SDPARTA-45.0 5317468958215014154 0 IN IP4 0.0.0.0\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=fingerprint:" + Fingerprint + "\r\n" +
        "a=group:BUNDLE sdparta_0\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=msid-semantic:WMS *\r\n" +
        "m=application 9 DTLS/SCTP 5000\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=candidate:0 1 UDP 2122252543 192.168.1.5 52301 typ host\r\n" +
        "a=sendrecv\r\n" +
        "a=end-of-candidates\r\n" +
        "a=ice-pwd:b6bc5bb7d2a3b59c3d9e8f0a1b2c3d4e\r\n" +
        "a=ice-ufrag:6ab4c9f1\r\n" +
        "a=mid:sdparta_0\r\n" +
        "a=sctpmap:5000 webrtc-datachannel 256\r\n" +
        "a=setup:actpass\r\n";
}
