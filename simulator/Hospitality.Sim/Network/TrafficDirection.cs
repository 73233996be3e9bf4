namespace Hospitality.Sim.Network;

public enum TrafficDirection
{
    Sent,
    Received,
}
