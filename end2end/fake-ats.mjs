// A stand-in for Greenhouse's public Job Board API, for the browser tests:
// board `acme` with two openings, in the API's documented shapes (the list
// with `content=true`, one job with `pay_transparency=true`). Any other
// board answers 404. Usage: node fake-ats.mjs PORT
import { createServer } from "node:http";

const port = Number(process.argv[2] ?? 3108);

const content =
  "&lt;h2&gt;About the role&lt;/h2&gt;&lt;p&gt;You will own our &lt;strong&gt;event pipeline&lt;/strong&gt; " +
  "end to end, from the first message on a topic to the dashboards our customers watch.&lt;/p&gt;" +
  "&lt;ul&gt;&lt;li&gt;Rust&lt;/li&gt;&lt;li&gt;Kafka&lt;/li&gt;&lt;/ul&gt;";

const jobs = [
  [4001, "Senior Backend Engineer (Rust)", "Remote - Europe, Portugal"],
  [4002, "Staff Platform Engineer", "Remote - Worldwide"],
].map(([id, title, location]) => ({
  absolute_url: `https://job-boards.greenhouse.io/acme/jobs/${id}`,
  data_compliance: [],
  internal_job_id: Number(id) + 5000,
  location: { name: location },
  metadata: null,
  id,
  updated_at: "2026-11-20T10:00:00-05:00",
  requisition_id: `ENG-${id}`,
  title,
  content,
  departments: [{ id: 1, name: "Engineering", child_ids: [], parent_id: null }],
  offices: [{ id: 2, name: "Remote", location: "Remote", child_ids: [], parent_id: null }],
}));

const pay = [{ min_cents: 12_000_000, max_cents: 15_000_000, currency_type: "USD", title: "Base", blurb: "" }];

createServer((request, response) => {
  const { pathname } = new URL(request.url ?? "/", "http://localhost");
  const send = (status, body) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const list = /^\/v1\/boards\/([^/]+)\/jobs$/.exec(pathname);
  const one = /^\/v1\/boards\/([^/]+)\/jobs\/(\d+)$/.exec(pathname);
  if (list && list[1] === "acme") return send(200, { jobs, meta: { total: jobs.length } });
  const job = one && one[1] === "acme" && jobs.find((j) => j.id === Number(one[2]));
  if (job) return send(200, { ...job, pay_input_ranges: pay });
  send(404, { status: 404, error: "Job not found" });
}).listen(port, "127.0.0.1");
