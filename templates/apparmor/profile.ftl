# AppArmor profile written by ward. Load it with: apparmor_parser -r apparmor.profile
abi <abi/${abi}>,

<#list preamble as line>
${line}
</#list>

profile ${name} flags=(${flags}) {
<#list sections as section>
<#if section.rules?has_content>
<#list section.comment as line>
  # ${line}
</#list>
<#list section.rules as rule>
  ${rule}
</#list>
<#sep>

</#sep>
</#if>
</#list>
}
