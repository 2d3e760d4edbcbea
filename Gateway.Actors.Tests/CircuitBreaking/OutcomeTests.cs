using Gateway.Actors.CircuitBreaking;

namespace Gateway.Actors.Tests.CircuitBreaking;

public sealed class OutcomeTests
{
    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    [InlineData(304)]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(429)]
    [InlineData(499)]
    public void StatusBelow500_IsHealthy(int status)
    {
        var outcome = Outcome.FromStatus(status);

        Assert.False(outcome.IsFailure);
        Assert.Same(Outcome.Ok, outcome);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(599)]
    public void Status5xx_IsServerErrorCarryingStatus(int status)
    {
        var failure = Assert.IsType<Outcome.Failure>(Outcome.FromStatus(status));

        Assert.Equal(FailureReason.ServerError, failure.Reason);
        Assert.Equal(status, failure.Status);
        Assert.Equal($"ServerError {status}", failure.ToString());
    }

    [Fact]
    public void ConnectErrorAndTimeout_AreFailures()
    {
        Assert.True(Outcome.ConnectError.IsFailure);
        Assert.True(Outcome.Timeout.IsFailure);
        Assert.Equal(FailureReason.Timeout, Outcome.Timeout.Reason);
    }

    [Fact]
    public void BrokenExchange_IsAFailure_AndUnknownIsNeither()
    {
        Assert.True(Outcome.BrokenExchange.IsFailure);
        Assert.Equal(FailureReason.BrokenExchange, Outcome.BrokenExchange.Reason);
        Assert.False(Outcome.Unknown.IsFailure);
        Assert.IsNotType<Outcome.Success>(Outcome.Unknown);
    }
}
