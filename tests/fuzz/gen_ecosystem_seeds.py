#!/usr/bin/env python3
# Writes tests/fuzz/corpus/<target>/case-* for the ecosystem and review targets (fuzz_manifest,
# fuzz_import, fuzz_faq, fuzz_campaigns, fuzz_workspace, fuzz_review_store): the sample files in
# data/ecosystem/ (shortened) and small hand-made corners, in each target's input layout
# (flag bytes, parts separated by fuzz_input.h's "\n=====\n"). Run from the repository root:
#   python3 tests/fuzz/gen_ecosystem_seeds.py
# (`scripts/fuzz --seeds` rewrites only the seed-* files of gen_seeds.cpp; these stay.)
import os, json
root='tests/fuzz/corpus'
D='data/ecosystem/'
SEP=b'\n=====\n'
def rd(p): return open(D+p,'rb').read()
def head(p,n): return b''.join(rd(p).splitlines(True)[:n])
def w(t,name,b):
    os.makedirs(f'{root}/{t}',exist_ok=True)
    if isinstance(b,str): b=b.encode()
    open(f'{root}/{t}/case-{name}','wb').write(b)
man=rd('manifest.json')
# manifest
w('manifest','sample',man)
w('manifest','minimal','{"version":1,"brand":{"name":"Acme"}}')
w('manifest','errors','{"version":2,"brand":{"name":{"en":""},"languages":["xx"],"timezone":"+25:00","currencyy":"CNY"},'
  '"channels":[{"id":"smss","limits":{"text":-1}},{"id":"sms","max_segments":0,"send_window":{"start":22,"end":3}}],'
  '"partners":[{"id":"p","type":"data","channels":[{"id":"email"}],"data_scope":{"events":["user"]}},{"id":"p"}],'
  '"segments":[{"id":"s","condition":{"age":{"$gtx":1}}}]}')
w('manifest','offset','+05:30\n{"version":1,"brand":{"name":{"zh":"艾克美"},"languages":["zh"],"timezone":"-09:30"},"identity":{"keys":["phone"],"default_country_code":"86"}}')
w('manifest','syntax','{"version":1,"brand":{"name":"A"},}')
# import: byte0 flags, byte1 chunk-1
def imp(flags,chunk,body): return bytes([flags,chunk])+ (body if isinstance(body,bytes) else body.encode())
w('import','catalog-sample',imp(0,7,head('catalog.csv',6)))
w('import','catalog-manifest',imp(16,0,head('catalog.csv',6)))
w('import','customers-sample',imp(1,13,head('customers.csv',8)))
w('import','customers-manifest',imp(17,63,head('customers.csv',8)))
w('import','events-sample',imp(2,31,head('events.csv',12)))
w('import','events-strict',imp(2|32|16,2,b'user,item,type,channel,partner,timestamp,revenue\nC1,P1,purchase,email,,2024-01-01T08:07:00+08:00,399\nana@example.com,,open,sms,weibo-kol,1704067440,\nC9,P2,view,,,1704067441,\n'))
w('import','catalog-json',imp(4,5,json.dumps([{"id":"J1","title":"Band","price":"12.5 EUR","link":"https://x/y"},{"id":"P1","title":"dup","price":3}],ensure_ascii=False)))
w('import','catalog-semicolon',imp(8,100,'id;title;price;availability\r\nS1;"Lamp; ""warm""";19,99 EUR;in_stock\r\nS2;Vase;5 USD;preorder\r\n'))
w('import','customers-corners',imp(1,0,'\ufeffid,email,phone,signup_date,vip\nC3,ANA@EXAMPLE.COM,,2024-02-30,true\nC4,x,123,,\n"C5\n",,+86 138 0000 0000,1999-12-31T23:59:59Z,\n'))
w('import','events-bad',imp(3,9,'user,item,type,timestamp,revenue\nC1,,click,9999999999999999999,1e400\n,,,,\n'))
# faq
faq=head('faq.jsonl',6)
w('faq','sample',bytes([0])+faq+SEP+b'How long does delivery take?'+SEP+b'[]')
w('faq','sample-manifest',bytes([3])+head('faq.jsonl',102)[-3000:].split(b'\n',1)[1]+SEP+'运费怎么算？'.encode()+SEP+json.dumps([{"question":"Is shipping free?","id":"en-ship-free"}]).encode())
w('faq','scopes',bytes([5])+'\n'.join(json.dumps(x,ensure_ascii=False) for x in [
 {"id":"a","lang":"en","scope":"partner","partner":"sms-gateway","question":"How do I stop SMS?","answer":"Reply R to stop within 24 hours.","facts":["R","24 hours"]},
 {"id":"b","lang":"zh","scope":"product","product":"Aurora Fit Band 7","question":"手环防水吗？","answer":"支持5ATM防水。","alternates":["能游泳吗"]},
 {"id":"c","lang":"en","question":"x","answer":"y","facts":["z"]}]).encode()+SEP+b'and is it waterproof?'+SEP+b'[{"question":"How do I stop SMS?","id":"a"}]')
w('faq','errors',bytes([0])+b'{"id":"a","lang":"en","question":"q","answer":"a"}\n{"id":"a","lang":"fr"}\n{oops\n'+SEP+b''+SEP+b'{}')
# campaigns
w('campaigns','sample',rd('campaigns.json'))
w('campaigns','bare',json.dumps([{"id":"c1","segment":"vip","channel":"x","template":"social_post.x","variants":[{"id":"A"},{"id":"B","template":"ad","send_hour":23,"personalization":"popular"}],"allocation":{"type":"bandit","algorithm":"thompson","min_weight":0.2,"metric":"clicked"}}]))
w('campaigns','errors',json.dumps({"version":1,"campaigns":[{"id":"c","audience":{"condition":{"$or":{}}},"channel":"fax","template":"nope","items":11,"variants":[],"allocation":{"type":"experiment","weights":[0.7,0.7]}},{"id":"c"}]}))
w('campaigns','syntax','{"campaigns": [ {"id": "x", }')
# workspace
def ws(flags, parts): return bytes([flags])+SEP.join(parts)
cat=head('catalog.csv',5); cus=head('customers.csv',6); ev=head('events.csv',10)
st=b'{"version":1,"campaigns":{"spring-email":{"weights":[0.6,0.4]}}}'
w('workspace','sample',ws(2|4,[man,cat,cus,ev,rd('campaigns.json'),head('outcomes/spring-email.csv',4),st]))
w('workspace','catalog-json',ws(1,[man,json.dumps([{"id":"P0000","title":"Band","price":"1 CNY"}]).encode(),cus,ev,rd('campaigns.json'),b'',b'']))
w('workspace','missing-customers',ws(8,[man,cat,b'',ev,rd('campaigns.json'),b'',b'']))
w('workspace','bad-state',ws(4|2,[man,cat,cus,ev,b'[]',b'message_id,customer\n',b'{"campaigns":[]}']))
# review store
d=lambda **k: {**{"action":"approve","template":"sms.zh","language":"zh","input":{"product":"智能手环","features":["心率监测","7天续航"]},"candidate":"【手环】心率监测、7天续航，限时优惠！拒收请回复R","reviewer":"李雷","time":"2026-11-29T04:00:00Z"},**k}
ds=[d(id="r1"), d(id="r2",action="edit",edited="【手环】7天续航，心率监测。拒收请回复R",reason={"code":"wording"}),
    d(id="r3",action="reject",reason={"code":"off_brand","note":"语气太硬"}),
    d(action="approve",template="email.en",language="en",input={"product":"Lamp"},candidate="Subject: Warm light\n\nMeet the lamp.",variant="short",score={"total":0.8})]
jl='\n'.join(json.dumps(x,ensure_ascii=False) for x in ds)
w('review_store','jsonl',b'\x00'+jl.encode()+SEP+b'{"action":"approve","language":"zh"}')
w('review_store','browser',b'\x01'+json.dumps({"format":"plume-review/1","decisions":ds},ensure_ascii=False).encode()+SEP+'{"reviewer":"李雷","reason":"wording"}'.encode())
w('review_store','bare-list',b'\x01'+json.dumps(ds[:2],ensure_ascii=False).encode()+SEP+b'{"bogus":1}')
w('review_store','errors',b'\x00'+b'\n{"action":"edit","template":"sms.zh","edited":"same","candidate":"same"}\n{"id":"r1"}\n'+SEP+b'null')
