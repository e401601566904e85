<#-- lxc.conf: LXC 5 configuration keys; every value arrives checked and escaped. -->
<#list header as line>
# ${line}
</#list>
<#list sections as s>
<#if s.entries?has_content>

# ${s.comment}
<#list s.entries as e>
${e.key} = ${e.value}
</#list>
</#if>
</#list>
