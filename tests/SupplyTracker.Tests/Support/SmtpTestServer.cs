using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SupplyTracker.Tests.Support;

/// <summary>
/// A real SMTP server on a free loopback port (the SmtpServer library). It keeps every message it accepts, parsed with
/// MimeKit, and can be told to refuse the next N messages with a given reply, as a busy or strict server would.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable, IMessageStore
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly Lock _gate = new();
    private Task _running = Task.CompletedTask;
    private int _refusals;
    private SmtpResponse _refusal = SmtpResponse.MailboxUnavailable;

    private SmtpTestServer() { }

    public int Port { get; private set; }
    public IReadOnlyList<MimeMessage> Received => [.. _received];
    public int Refused { get; private set; }

    public static async Task<SmtpTestServer> StartAsync()
    {
        var server = new SmtpTestServer();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(server);
        services.Add(listeners);
        server._running = new SmtpServer.SmtpServer(options, services).StartAsync(server._stop.Token);
        server.Port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return server;
    }

    /// <summary>The next <paramref name="times"/> messages are answered with <paramref name="code"/> and <paramref name="text"/> after DATA.</summary>
    public void Refuse(int times, int code, string text)
    {
        lock (_gate)
        {
            _refusals = times;
            _refusal = new SmtpResponse((SmtpReplyCode)code, text);
        }
    }

    public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_refusals > 0)
            {
                _refusals--;
                Refused++;
                return Task.FromResult(_refusal);
            }
        }
        using var stream = new MemoryStream(buffer.ToArray());
        _received.Enqueue(MimeMessage.Load(stream, cancellationToken));
        return Task.FromResult(SmtpResponse.Ok);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }
}
