using Akka.Configuration;
using Akka.Dispatch;

namespace Gateway.Actors.WebSockets;

/// <summary>
/// The relays' dispatcher. A relay's mailbox runs on the thread that handed it a message, when that is a
/// thread-pool thread not already running one: a frame's reader (woken by its socket) then delivers it
/// itself, as a byte-copying proxy would, instead of queueing the relay behind it on the thread pool. The
/// mailbox still runs one message at a time and the relay still owns every decision; only the hop between
/// the socket's thread and the actor's is gone (two thread-pool hand-offs per echoed message; docs/benchmarks.md).
/// </summary>
public static class RelayDispatcher
{
    /// <summary>The dispatcher's config path; <see cref="WebSocketRelay.Props"/> names it.</summary>
    public const string Id = "akka.actor.gateway-websocket-relay-dispatcher";

    /// <summary>
    /// What an actor system needs to run relays: laid under its own configuration (the gateway's host and
    /// the actor tests do). The throughput is high because a relay's messages are few and short: handling
    /// those that came in meanwhile is cheaper than handing the mailbox back.
    /// </summary>
    public static readonly Config Config = ConfigurationFactory.ParseString($$"""
        {{Id}} {
          type = Dispatcher
          executor = "{{typeof(CallingThreadExecutorConfigurator).FullName}}, {{typeof(CallingThreadExecutorConfigurator).Assembly.GetName().Name}}"
          throughput = 100
        }
        """);
}

/// <summary>Makes the <see cref="CallingThreadExecutor"/> for <see cref="RelayDispatcher"/>; Akka builds it from the config.</summary>
public sealed class CallingThreadExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new CallingThreadExecutor(id);
}

/// <summary>
/// Runs a mailbox at once on the calling thread when that is a thread-pool thread not already inside one
/// of its runs; otherwise queues it to the thread pool. So no actor runs on Akka's scheduler thread or any
/// other dedicated thread, and a mailbox that finds more messages when it ends queues itself rather than
/// recursing on the same stack.
/// </summary>
public sealed class CallingThreadExecutor(string id) : ExecutorService(id)
{
    [ThreadStatic] private static bool t_running;

    public override void Execute(IRunnable run)
    {
        if (t_running || !Thread.CurrentThread.IsThreadPoolThread)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static r => r.Run(), run, preferLocal: false);
            return;
        }
        t_running = true;
        try
        {
            run.Run();
        }
        finally
        {
            t_running = false;
        }
    }

    public override void Shutdown()
    {
        // Nothing of its own to stop: it owns no threads.
    }
}
