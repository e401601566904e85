${name}:<#list items as item> ${item}</#list> ${count}
