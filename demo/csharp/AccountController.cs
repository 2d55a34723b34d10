using System.Data;
using System.Runtime.Serialization.Formatters.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.SqlClient;

namespace Contoso.Portal.Controllers;

public record AccountSettings(string Theme, bool EmailOptIn);

// Account pages and API: user search, settings import, password hashing, reset codes and billing sync.
public class AccountController : Controller
{
    private readonly string _connectionString;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly PasswordHasher<string> _passwordHasher = new();

    public AccountController(IConfiguration configuration, IHttpClientFactory httpClientFactory)
    {
        _connectionString = configuration.GetConnectionString("Portal")!;
        _httpClientFactory = httpClientFactory;
    }

    [HttpGet("/api/accounts/search")]
    public async Task<IActionResult> Search(string email)
    {
        await using var conn = new SqlConnection(_connectionString);
        await conn.OpenAsync();
        // flaw: SQL built with string interpolation
        using var cmd = new SqlCommand($"SELECT Id, Email, DisplayName FROM Users WHERE Email LIKE '%{email}%'", conn);
        return Ok(await ReadAccountsAsync(cmd));
    }

    [HttpGet("/api/accounts/by-email")]
    public async Task<IActionResult> ByEmail(string email)
    {
        await using var conn = new SqlConnection(_connectionString);
        await conn.OpenAsync();
        // safe: constant SQL, the value travels as a typed @email parameter
        using var cmd = new SqlCommand("SELECT Id, Email, DisplayName FROM Users WHERE Email = @email", conn);
        cmd.Parameters.Add("@email", SqlDbType.NVarChar, 256).Value = email;
        return Ok(await ReadAccountsAsync(cmd));
    }

    [HttpPost("/api/accounts/settings/import")]
    public IActionResult ImportSettings()
    {
        // flaw: BinaryFormatter deserializes attacker-chosen types from the request body
        var settings = (AccountSettings)new BinaryFormatter().Deserialize(Request.Body);
        return Ok(settings);
    }

    [HttpPost("/api/accounts/settings")]
    public async Task<IActionResult> UpdateSettings()
    {
        // safe: System.Text.Json binds to one fixed record type
        var settings = await JsonSerializer.DeserializeAsync<AccountSettings>(Request.Body);
        return settings is null ? BadRequest() : Ok(settings);
    }

    // flaw: unsalted MD5 for password hashing
    public static string HashPasswordLegacy(string password) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(password)));

    // safe: ASP.NET Core Identity's salted, iterated PBKDF2 hasher
    internal string HashPassword(string userName, string password) => _passwordHasher.HashPassword(userName, password);

    // flaw: System.Random is predictable, so reset codes can be guessed
    public static string CreateResetCode() => new Random().Next(100000, 1000000).ToString();

    // safe: cryptographically secure random bytes
    public static string CreateResetToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public static HttpClient CreateLegacyBillingClient()
    {
        var handler = new HttpClientHandler
        {
            // flaw: every TLS certificate is accepted
            ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true,
        };
        return new HttpClient(handler) { BaseAddress = new Uri("https://billing.example.com/") };
    }

    // safe: named client from IHttpClientFactory with default certificate validation
    internal HttpClient CreateBillingClient() => _httpClientFactory.CreateClient("billing");

    [HttpGet("/account/welcome")]
    public IActionResult Welcome(string name)
    {
        // flaw: request value wrapped as raw HTML, like Html.Raw (XSS)
        ViewData["Banner"] = new HtmlString($"<strong>Welcome back, {name}!</strong>");
        return View();
    }

    [HttpGet("/account/welcome/v2")]
    public IActionResult WelcomeEncoded(string name)
    {
        // safe: the name is HTML-encoded before it is marked as markup
        ViewData["Banner"] = new HtmlString($"<strong>Welcome back, {HtmlEncoder.Default.Encode(name)}!</strong>");
        return View("Welcome");
    }

    private static async Task<List<object>> ReadAccountsAsync(SqlCommand cmd)
    {
        var rows = new List<object>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new { Id = reader.GetInt32(0), Email = reader.GetString(1), DisplayName = reader.GetString(2) });
        return rows;
    }
}
