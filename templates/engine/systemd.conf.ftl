<#-- systemd.conf: a [Service] drop-in; every value arrives checked and escaped for unit files. -->
<#list header as line>
# ${line}
</#list>
[Service]
<#list sections as s>
<#if s.entries?has_content>

# ${s.comment}
<#list s.entries as e>
${e.key}=${e.value}
</#list>
</#if>
</#list>
