using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeSearch.Daemon.Tests.Fakes;

namespace EdgeSearch.Daemon.Tests.Mqtt;

/// <summary>A broker that wants a login over TLS: the daemon checks the broker's certificate against the plant's CA and logs in.</summary>
public class MqttSecurityTests
{
    [Fact]
    public async Task Decisions_reach_a_broker_over_tls_with_a_login_once_its_ca_is_trusted()
    {
        using var certificates = new TempCertificates();
        var tlsPort = MosquittoBroker.FreePort();
        using var broker = new MosquittoBroker($"""
            password_file {certificates.Path("passwords")}
            listener {tlsPort} 127.0.0.1
            cafile {certificates.Path("ca.pem")}
            certfile {certificates.Path("server.pem")}
            keyfile {certificates.Path("server.key")}
            """, before: () => certificates.WritePasswords("line", "s3cret"));
        await using var recorder = await DecisionRecorder.StartAsync(broker.Port, "line", "s3cret");
        using var run = new DaemonRun();
        var logs = new CapturedLogs();
        string[] Arguments(params string[] more) =>
        [
            "--model", run.Model, "--gallery", run.Gallery, "--source", "rpicam", "--QueueCapacity", "100",
            "--Mqtt:Host", "127.0.0.1", "--Mqtt:Port", tlsPort.ToString(), "--Mqtt:Tls", "true",
            "--Mqtt:Username", "line", "--Mqtt:Password", "s3cret", "--Mqtt:QueuePath", run.Path("queue.db"), .. more,
        ];

        // Without the plant's CA the broker's certificate is not trusted: nothing is sent, everything stays queued.
        var camera = new GatedCameraSource();
        var untrusted = run.StartAsync(Arguments(), camera, logs: logs);
        var lifetime = await run.Lifetime.Task;
        camera.Release(5);
        await Eventually.Until(() => logs.Entries.Any(e => e.Message.StartsWith("MQTT: broker 127.0.0.1")), "the broker to be refused");
        await Eventually.Until(() => MqttDeliveryTests.QueuedCount(run.Path("queue.db")) == 5, "5 decisions queued");
        lifetime.StopApplication();
        Assert.Equal(0, await untrusted);
        Assert.Empty(recorder.Decisions);

        using var trusted = new DaemonRun();
        var second = trusted.StartAsync(Arguments("--Mqtt:CaFile", certificates.Path("ca.pem")), new GatedCameraSource());
        var lifetime2 = await trusted.Lifetime.Task;
        await Eventually.Until(() => recorder.UniqueDecisions.Count == 5, "the 5 queued decisions");
        lifetime2.StopApplication();
        Assert.Equal(0, await second);
    }

    /// <summary>A CA, a broker certificate for 127.0.0.1 signed by it, and a Mosquitto password file, in a temporary folder.</summary>
    private sealed class TempCertificates : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("mqtt-tls").FullName;

        public TempCertificates()
        {
            var now = DateTimeOffset.UtcNow;
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=EdgeSearch test plant CA", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

            using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var server = request.Create(ca, now.AddDays(-1), now.AddDays(1), [1, 2, 3, 4]);

            File.WriteAllText(Path("ca.pem"), ca.ExportCertificatePem());
            File.WriteAllText(Path("server.pem"), server.ExportCertificatePem());
            File.WriteAllText(Path("server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        }

        public string Path(string name) => System.IO.Path.Combine(_folder, name);

        public void WritePasswords(string user, string password)
        {
            using var passwd = Process.Start("mosquitto_passwd", ["-c", "-b", Path("passwords"), user, password])!;
            passwd.WaitForExit();
            Assert.Equal(0, passwd.ExitCode);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
