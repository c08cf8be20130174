#!/usr/bin/env python3
"""Measures the spreadsheet import on a running migraup server (a benchmark, not a test).

Usage: import_bench.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD [ROWS] [SERVER_PID]

Makes a CSV of ROWS (default 10,000) fictional organisations (every 20th repeats an
earlier one's website, so the duplicate check has work), uploads it, previews it and
imports it with the suggested decisions, and prints the time of each step and the
server's resident memory (peak and now, from /proc) when SERVER_PID is given.
"""
import json, random, string, sys, time, urllib.request

base, email, password = sys.argv[1].rstrip('/'), sys.argv[2], sys.argv[3]
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 10_000
pid = sys.argv[5] if len(sys.argv) > 5 else None

def memory():
    if not pid:
        return ''
    fields = dict(l.split(':', 1) for l in open(f'/proc/{pid}/status') if ':' in l)
    return f"rss {fields['VmRSS'].strip()}, peak {fields['VmHWM'].strip()}"

def post(path, body, token=None, content_type='application/json'):
    req = urllib.request.Request(base + path, data=body, method='POST')
    req.add_header('content-type', content_type)
    if token:
        req.add_header('authorization', f'Bearer {token}')
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())

def gql(query, variables, token=None):
    answer = post('/graphql', json.dumps({'query': query, 'variables': variables}).encode(), token)
    if answer.get('errors'):
        raise SystemExit(f"GraphQL error: {answer['errors']}")
    return answer['data']

token = gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {'e': email, 'p': password})['login']['accessToken']
random.seed(7)
word = lambda: ''.join(random.choice(string.ascii_lowercase) for _ in range(10)).capitalize()
lines = ['ID,Name,Art,Webseite,E-Mail,Telefon,PLZ,Ort,Sprachen,Angebote']
for i in range(rows):
    site = f'https://{word().lower()}.example' if i % 20 or i == 0 else lines[i].split(',')[3]
    lines.append(f'B-{i},Verein {word()} {word()},Initiative,{site},,030 {i:07d},13187,Berlin,"Deutsch, Arabisch",Beratung; Sprachcafé')
data = ('\n'.join(lines) + '\n').encode()
print(f'{rows} rows, {len(data) / 1024 / 1024:.1f} MiB; server before: {memory()}')

t = time.time()
batch = post('/import?name=bench.csv', data, token, 'text/csv')['batchId']
print(f'upload and read: {time.time() - t:.2f} s; {memory()}')
t = time.time()
preview = gql('mutation($b: ID!) { previewImport(batchId: $b) { summary { rows new duplicates undecided invalid } } }', {'b': batch}, token)
print(f"preview: {time.time() - t:.2f} s {preview['previewImport']['summary']}; {memory()}")
t = time.time()
gql('mutation($b: ID!) { commitImport(batchId: $b, decisions: []) { state } }', {'b': batch}, token)
seen = 0
while True:
    b = gql('query($b: ID!) { importBatch(id: $b) { state processed total created merged skipped error } }', {'b': batch}, token)['importBatch']
    if b['state'] != 'RUNNING':
        break
    seen = max(seen, b['processed'])
    time.sleep(0.2)
print(f"import: {time.time() - t:.2f} s {b} (progress seen up to {seen}); {memory()}")
